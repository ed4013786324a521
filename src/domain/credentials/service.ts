// Use cases of verifiable credentials: what a learner may claim in a course, claiming one (built,
// signed, stored with its status-list position), revoking those whose validation was withdrawn, and
// the issuer's status list that tells verifiers so.
import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "../actor.js";
import type { CourseScope } from "../course.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import { findCompetence, leafCompetences, type LocalizedText } from "../frameworks/framework.js";
import type { Clock } from "../../clock.js";
import type { CompetenceKey, CompetenceRecord } from "../validation/records.js";
import {
  achievementCredential,
  CredentialUrls,
  jwtClaims,
  VC_CONTEXT,
  type Json,
} from "./achievement-credential.js";
import type {
  CredentialFrameworks,
  CredentialKey,
  CredentialSigner,
  CredentialStore,
  EvidenceSource,
  Issuer,
  IssuerStore,
  PeopleNames,
  StoredCredential,
  ValidationFacts,
} from "./ports.js";
import { encodeStatusList } from "./status-list.js";

/** French wording of the credential's texts (a credential is one document, in one language). */
export type Wording = (key: string, params?: Record<string, string | number>) => string;

export interface CredentialDeps {
  issuers: IssuerStore;
  credentials: CredentialStore;
  signer: CredentialSigner;
  validation: ValidationFacts;
  evidence: EvidenceSource;
  frameworks: CredentialFrameworks;
  people: PeopleNames & { email(platformId: string, userId: string): Promise<string | undefined> };
  clock: Clock;
  newId: () => string;
  baseUrl: string;
  wording: Wording;
}

export class CredentialError extends Error {
  constructor(readonly code: "NOT_VALIDATED" | "NOT_OFFERED" | "NOT_FOUND" | "NOT_COMPLETE") {
    super(code);
  }
}

export interface Claimable {
  framework: StoredFramework;
  /** null: the whole framework. */
  code: string | null;
  title: LocalizedText;
  validatedAt: Date | undefined;
  credential: StoredCredential | null;
}

function courseOf(actor: Actor): CourseScope | null {
  return actor.contextId
    ? { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId }
    : null;
}

const isValidated = (record: CompetenceRecord | null | undefined): boolean => record?.state === "validated";

export class CredentialService {
  readonly urls: CredentialUrls;

  constructor(private readonly deps: CredentialDeps) {
    this.urls = new CredentialUrls(deps.baseUrl);
  }

  async issuerFor(course: CourseScope): Promise<Issuer> {
    const title = await this.deps.people.courseTitle(course);
    return this.deps.issuers.forCourse(course, {
      name: title ?? this.deps.wording("credentials:issuer.defaultName"),
    });
  }

  /** What the learner of this launch has validated, and whether each is already a credential. */
  async claimable(actor: Actor): Promise<{ issuer: Issuer; items: Claimable[] }> {
    const course = courseOf(actor);
    if (!course) throw new CredentialError("NOT_OFFERED");
    const issuer = await this.issuerFor(course);
    const held = await this.deps.credentials.forLearner(course, actor.userId);
    const current = (frameworkId: string, code: string | null): StoredCredential | null =>
      held.find((c) => c.frameworkId === frameworkId && c.competenceCode === code && !c.revokedAt) ?? null;
    const items: Claimable[] = [];
    for (const framework of await this.deps.frameworks.forCourse(course)) {
      const records = await this.deps.validation.records(course, actor.userId, framework.id);
      const byCode = new Map(records.map((record) => [record.competenceCode, record]));
      const leaves = leafCompetences(framework.definition);
      if (issuer.policy === "competence" || issuer.policy === "both") {
        for (const { node } of leaves) {
          const record = byCode.get(node.code);
          if (!isValidated(record)) continue;
          const validatedAt = record?.approvals.at(-1)?.at;
          items.push({
            framework,
            code: node.code,
            title: node.title,
            validatedAt,
            credential: current(framework.id, node.code),
          });
        }
      }
      const complete = leaves.length > 0 && leaves.every(({ node }) => isValidated(byCode.get(node.code)));
      if ((issuer.policy === "framework" || issuer.policy === "both") && complete)
        items.push({
          framework,
          code: null,
          title: framework.definition.title,
          validatedAt: undefined,
          credential: current(framework.id, null),
        });
    }
    return { issuer, items };
  }

  /** Issues (or gives back) the learner's credential for one validated competence or a completed framework. */
  async claim(
    actor: Actor,
    input: { frameworkId: string; code: string | null; traceIds: readonly string[] },
  ): Promise<StoredCredential> {
    const { issuer, items } = await this.claimable(actor);
    const item = items.find(
      (candidate) => candidate.framework.id === input.frameworkId && candidate.code === input.code,
    );
    if (!item) throw new CredentialError(input.code === null ? "NOT_COMPLETE" : "NOT_VALIDATED");
    if (item.credential) return item.credential;
    const key: CredentialKey = {
      platformId: actor.platformId,
      deploymentId: issuer.deploymentId,
      contextId: issuer.contextId,
      learnerId: actor.userId,
      frameworkId: item.framework.id,
      competenceCode: item.code,
    };
    const evidence = await this.deps.evidence.snapshots(actor.platformId, actor.userId, input.traceIds);
    const id = this.deps.newId();
    const credential = achievementCredential(
      {
        id,
        issuedAt: this.deps.clock.now(),
        issuer,
        subjectId: `urn:uuid:${this.deps.newId()}`,
        achievement: await this.achievement(key, item),
        evidence: evidence.map((snapshot) => ({
          name: snapshot.title,
          narrative: this.deps.wording("credentials:evidence.narrative", {
            date: snapshot.date,
            placement: snapshot.placement,
          }),
        })),
        statusIndex: await this.deps.issuers.nextStatusIndex(issuer.id),
      },
      this.urls,
    );
    const subject = await this.identity(actor);
    if (subject) (credential["credentialSubject"] as { [key: string]: Json })["identifier"] = [subject];
    const statusIndex = Number(
      (credential["credentialStatus"] as { [key: string]: Json })["statusListIndex"],
    );
    const stored: StoredCredential = {
      id,
      ...key,
      issuerId: issuer.id,
      statusIndex,
      issuedAt: this.deps.clock.now(),
      credential,
      jwt: await this.deps.signer.sign(jwtClaims(credential)),
      evidence,
    };
    await this.deps.credentials.insert(stored);
    return stored;
  }

  /** The learner's e-mail, hashed and salted (OB 3.0 IdentityObject), so a holder can show it is theirs. */
  private async identity(actor: Actor): Promise<Json | undefined> {
    const email = await this.deps.people.email(actor.platformId, actor.userId);
    if (!email) return undefined;
    const salt = randomBytes(12).toString("hex");
    const hash = createHash("sha256").update(`${email.trim().toLowerCase()}${salt}`).digest("hex");
    return {
      type: "IdentityObject",
      identityHash: `sha256$${hash}`,
      identityType: "emailAddress",
      hashed: true,
      salt,
    };
  }

  private async achievement(
    key: CredentialKey,
    item: Claimable,
  ): Promise<Parameters<typeof achievementCredential>[0]["achievement"]> {
    const definition = item.framework.definition;
    const framework = {
      id: item.framework.id,
      key: item.framework.key,
      title: definition.title.fr,
      version: item.framework.version,
      sourceUrl: definition.source.url,
    };
    const w = this.deps.wording;
    if (item.code === null) {
      return {
        code: null,
        name: definition.title.fr,
        description: w("credentials:achievement.frameworkDescription", {
          title: definition.title.fr,
          version: item.framework.version,
        }),
        framework,
        criteria: w("credentials:criteria.framework", { count: leafCompetences(definition).length }),
      };
    }
    const node = findCompetence(definition, item.code)?.node;
    const record = await this.deps.validation.record({ ...key, competenceCode: item.code });
    const approval = record?.approvals.at(-1);
    const level = definition.scale.levels.find((candidate) => candidate.code === record?.level);
    return {
      code: item.code,
      name: node?.title.fr ?? item.code,
      description: node?.description?.fr ?? node?.title.fr ?? item.code,
      framework,
      criteria: w("credentials:criteria.competence", {
        channel: w(`credentials:channels.${approval?.channel ?? "online"}`),
        date: approval ? approval.at.toISOString().slice(0, 10) : "",
        level: level?.label.fr ?? "",
        validations: record?.approvals.length ?? 0,
      }),
      levels: definition.scale.levels.map((candidate) => ({
        code: candidate.code,
        label: candidate.label.fr,
        proficient: candidate.proficient,
      })),
      achievedLevel: record?.level,
    };
  }

  /** A withdrawn validation revokes its credential, and the framework's (no longer complete). */
  async validationWithdrawn(key: CompetenceKey): Promise<void> {
    const course = { platformId: key.platformId, deploymentId: key.deploymentId, contextId: key.contextId };
    const held = await this.deps.credentials.forLearner(course, key.learnerId);
    const affected = held.filter(
      (c) =>
        !c.revokedAt &&
        c.frameworkId === key.frameworkId &&
        (c.competenceCode === key.competenceCode || c.competenceCode === null),
    );
    const now = this.deps.clock.now();
    await this.deps.credentials.revoke(
      affected.filter((c) => c.competenceCode !== null).map((c) => c.id),
      now,
      "withdrawn",
    );
    await this.deps.credentials.revoke(
      affected.filter((c) => c.competenceCode === null).map((c) => c.id),
      now,
      "incomplete",
    );
  }

  /**
   * Revokes what is no longer true even if a withdrawal was missed (a crash between the two writes):
   * run before the status list is published, so the list verifiers read is always right.
   */
  async reconcile(issuerId: string): Promise<void> {
    const now = this.deps.clock.now();
    for (const credential of await this.deps.credentials.activeForIssuer(issuerId)) {
      const course = {
        platformId: credential.platformId,
        deploymentId: credential.deploymentId,
        contextId: credential.contextId,
      };
      const records = await this.deps.validation.records(
        course,
        credential.learnerId,
        credential.frameworkId,
      );
      const byCode = new Map(records.map((record) => [record.competenceCode, record]));
      let holds: boolean;
      if (credential.competenceCode !== null) {
        holds = isValidated(byCode.get(credential.competenceCode));
      } else {
        const framework = await this.deps.frameworks.byId(credential.platformId, credential.frameworkId);
        holds =
          framework !== null &&
          leafCompetences(framework.definition).every(({ node }) => isValidated(byCode.get(node.code)));
      }
      if (!holds)
        await this.deps.credentials.revoke(
          [credential.id],
          now,
          credential.competenceCode === null ? "incomplete" : "withdrawn",
        );
    }
  }

  /** The issuer's BitstringStatusListCredential, signed as a VC-JWT. */
  async statusList(issuerId: string): Promise<{ credential: { [key: string]: Json }; jwt: string } | null> {
    const issuer = await this.deps.issuers.byId(issuerId);
    if (!issuer) return null;
    await this.reconcile(issuer.id);
    const url = this.urls.statusList(issuer.id);
    const credential: { [key: string]: Json } = {
      "@context": [VC_CONTEXT],
      id: url,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: this.urls.issuer(issuer.id),
      validFrom: this.deps.clock.now().toISOString(),
      credentialSubject: {
        id: `${url}#list`,
        type: "BitstringStatusList",
        statusPurpose: "revocation",
        encodedList: encodeStatusList(await this.deps.credentials.revokedIndexes(issuer.id)),
      },
    };
    const claims = {
      ...credential,
      iss: this.urls.issuer(issuer.id),
      jti: url,
      sub: `${url}#list`,
      nbf: Math.floor(this.deps.clock.now().getTime() / 1000),
    };
    return { credential, jwt: await this.deps.signer.sign(claims) };
  }

  async byId(id: string): Promise<StoredCredential | null> {
    return this.deps.credentials.byId(id);
  }

  async issuer(id: string): Promise<Issuer | null> {
    return this.deps.issuers.byId(id);
  }
}
