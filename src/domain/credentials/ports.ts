// What the credentials use cases need from the outside world; persistence and the other areas
// implement these.
import type { CourseScope } from "../course.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import type { CompetenceKey, CompetenceRecord } from "../validation/records.js";
import type { Json } from "./achievement-credential.js";

/** Which badges a programme offers: one per validated competence, one per completed framework, both, none. */
export const CREDENTIAL_POLICIES = ["competence", "framework", "both", "none"] as const;
export type CredentialPolicy = (typeof CREDENTIAL_POLICIES)[number];

/** The issuer of a course's credentials: the programme, with a public profile. */
export interface Issuer extends CourseScope {
  id: string;
  name: string;
  url?: string | undefined;
  description?: string | undefined;
  policy: CredentialPolicy;
}

export interface IssuerStore {
  /** The course's issuer, created with these defaults on first use. */
  forCourse(course: CourseScope, defaults: { name: string }): Promise<Issuer>;
  byId(id: string): Promise<Issuer | null>;
  update(
    course: CourseScope,
    changes: Pick<Issuer, "name" | "url" | "description" | "policy">,
  ): Promise<Issuer>;
  /** The next free position in the issuer's status list (atomic). */
  nextStatusIndex(issuerId: string): Promise<number>;
}

/** A trace the learner chose to make public as evidence, frozen at the revision they chose. */
export interface EvidenceSnapshot {
  traceId: string;
  revision: number;
  title: string;
  date: string;
  placement: string;
  sections: { title: string; body: string }[];
}

export interface CredentialKey {
  platformId: string;
  deploymentId: string;
  contextId: string;
  learnerId: string;
  frameworkId: string;
  /** null: the credential for the whole framework. */
  competenceCode: string | null;
}

export interface StoredCredential extends CredentialKey {
  id: string;
  issuerId: string;
  statusIndex: number;
  issuedAt: Date;
  revokedAt?: Date | undefined;
  revokedReason?: "withdrawn" | "incomplete" | undefined;
  credential: { [key: string]: Json };
  jwt: string;
  evidence: EvidenceSnapshot[];
}

export interface CredentialStore {
  insert(credential: StoredCredential): Promise<void>;
  /** By its unguessable id: the public verification page's lookup. */
  byId(id: string): Promise<StoredCredential | null>;
  active(key: CredentialKey): Promise<StoredCredential | null>;
  forLearner(course: CourseScope, learnerId: string): Promise<StoredCredential[]>;
  activeForIssuer(issuerId: string): Promise<StoredCredential[]>;
  revokedIndexes(issuerId: string): Promise<number[]>;
  revoke(ids: readonly string[], at: Date, reason: "withdrawn" | "incomplete"): Promise<void>;
}

/** Signs with the issuer key Carnet keeps; verifies with every key it still publishes. */
export interface CredentialSigner {
  sign(payload: { [key: string]: Json }): Promise<string>;
  verify(
    jwt: string,
  ): Promise<
    | { ok: true; payload: unknown; kid: string }
    | { ok: false; reason: "SIGNATURE" | "MALFORMED" | "UNKNOWN_KEY" }
  >;
}

export interface ValidationFacts {
  records(course: CourseScope, learnerId: string, frameworkId: string): Promise<CompetenceRecord[]>;
  record(key: CompetenceKey): Promise<CompetenceRecord | null>;
}

export interface EvidenceSource {
  /** The learner's own traces among these ids, at their current revision. */
  snapshots(platformId: string, learnerId: string, traceIds: readonly string[]): Promise<EvidenceSnapshot[]>;
}

export interface CredentialFrameworks {
  byId(platformId: string, id: string): Promise<StoredFramework | null>;
  forCourse(course: CourseScope): Promise<StoredFramework[]>;
}

export interface PeopleNames {
  courseTitle(course: CourseScope): Promise<string | undefined>;
  name(platformId: string, userId: string): Promise<string | undefined>;
}
