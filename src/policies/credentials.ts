// Who may do what with verifiable credentials: a learner claims and downloads their own; who teaches
// in the course sets the programme's issuer profile and which badges it offers. Verification is
// public: anyone holding a credential's link may check it.
import { hasRole, teachesHere, type Actor } from "../domain/actor.js";
import type { StoredCredential } from "../domain/credentials/ports.js";
import { definePolicy } from "./policy.js";

export const credentialAreaPolicy = definePolicy<"claim" | "configure", Actor>("credentials", {
  // Learners claim from inside a course: the credential names the course's programme as issuer.
  claim: (actor) => actor.contextId !== null && hasRole(actor, "learner") && !teachesHere(actor),
  configure: (actor) => teachesHere(actor),
});

export const credentialPolicy = definePolicy<"download", Pick<StoredCredential, "platformId" | "learnerId">>(
  "credentials",
  {
    download: (actor, credential) =>
      credential.platformId === actor.platformId && credential.learnerId === actor.userId,
  },
);
