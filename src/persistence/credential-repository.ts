// Issuers and issued credentials (the IssuerStore and CredentialStore ports). Every query carries its
// tenant keys, except the lookups by unguessable id that public verification needs.
import type { Clock } from "../clock.js";
import type {
  CredentialKey,
  CredentialStore,
  Issuer,
  IssuerStore,
  StoredCredential,
} from "../domain/credentials/ports.js";
import { parseJsonObject } from "../domain/credentials/achievement-credential.js";
import type { CredentialDoc, CredentialIssuerDoc, CredentialModels } from "./models/credential-models.js";
import { courseScopeOf, type CourseScope } from "../domain/course.js";

function toIssuer(doc: CredentialIssuerDoc): Issuer {
  return {
    id: doc._id,
    ...courseScopeOf(doc),
    name: doc.name,
    ...(doc.url ? { url: doc.url } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    policy: doc.policy,
  };
}

function toCredential(doc: CredentialDoc): StoredCredential {
  const { _id, credential, ...rest } = doc;
  return { id: _id, ...rest, credential: parseJsonObject(credential) };
}

export class IssuerRepository implements IssuerStore {
  constructor(
    private readonly models: Pick<CredentialModels, "Issuer">,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  async forCourse(course: CourseScope, defaults: { name: string }): Promise<Issuer> {
    const doc = await this.models.Issuer.findOneAndUpdate(
      { platformId: course.platformId, deploymentId: course.deploymentId, contextId: course.contextId },
      {
        $setOnInsert: {
          _id: this.newId(),
          name: defaults.name,
          policy: "competence",
          nextStatusIndex: 0,
          createdAt: this.clock.now(),
        },
      },
      { upsert: true, new: true },
    ).lean<CredentialIssuerDoc>();
    if (!doc) throw new Error("issuer upsert returned nothing");
    return toIssuer(doc);
  }

  async byId(id: string): Promise<Issuer | null> {
    const doc = await this.models.Issuer.findById(id).lean<CredentialIssuerDoc>();
    return doc ? toIssuer(doc) : null;
  }

  async update(
    course: CourseScope,
    changes: Pick<Issuer, "name" | "url" | "description" | "policy">,
  ): Promise<Issuer> {
    const unset = Object.fromEntries(
      (["url", "description"] as const).filter((field) => !changes[field]).map((field) => [field, ""]),
    );
    const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value));
    const doc = await this.models.Issuer.findOneAndUpdate(
      { platformId: course.platformId, deploymentId: course.deploymentId, contextId: course.contextId },
      { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
      { new: true },
    ).lean<CredentialIssuerDoc>();
    if (!doc) throw new Error("issuer to update not found");
    return toIssuer(doc);
  }

  async nextStatusIndex(issuerId: string): Promise<number> {
    // One atomic increment: two claims at once never share a position.
    const doc = await this.models.Issuer.findOneAndUpdate(
      { _id: issuerId },
      { $inc: { nextStatusIndex: 1 } },
      { new: false },
    ).lean<CredentialIssuerDoc>();
    if (!doc) throw new Error(`issuer ${issuerId} not found`);
    return doc.nextStatusIndex;
  }
}

export class CredentialRepository implements CredentialStore {
  constructor(private readonly models: Pick<CredentialModels, "Credential">) {}

  async insert(credential: StoredCredential): Promise<void> {
    const { id, credential: issued, ...rest } = credential;
    await this.models.Credential.create({ _id: id, ...rest, credential: JSON.stringify(issued) });
  }

  async byId(id: string): Promise<StoredCredential | null> {
    const doc = await this.models.Credential.findById(id).lean<CredentialDoc>();
    return doc ? toCredential(doc) : null;
  }

  async active(key: CredentialKey): Promise<StoredCredential | null> {
    const doc = await this.models.Credential.findOne({
      ...key,
      revokedAt: { $exists: false },
    }).lean<CredentialDoc>();
    return doc ? toCredential(doc) : null;
  }

  async forLearner(course: CourseScope, learnerId: string): Promise<StoredCredential[]> {
    const docs = await this.models.Credential.find({
      platformId: course.platformId,
      deploymentId: course.deploymentId,
      contextId: course.contextId,
      learnerId,
    })
      .sort({ issuedAt: -1 })
      .lean<CredentialDoc[]>();
    return docs.map(toCredential);
  }

  async activeForIssuer(issuerId: string): Promise<StoredCredential[]> {
    const docs = await this.models.Credential.find({ issuerId, revokedAt: { $exists: false } }).lean<
      CredentialDoc[]
    >();
    return docs.map(toCredential);
  }

  async revokedIndexes(issuerId: string): Promise<number[]> {
    const docs = await this.models.Credential.find(
      { issuerId, revokedAt: { $exists: true } },
      { statusIndex: 1 },
    ).lean<Pick<CredentialDoc, "statusIndex">[]>();
    return docs.map((doc) => doc.statusIndex);
  }

  async revoke(ids: readonly string[], at: Date, reason: "withdrawn" | "incomplete"): Promise<void> {
    if (ids.length === 0) return;
    await this.models.Credential.updateMany(
      { _id: { $in: [...ids] }, revokedAt: { $exists: false } },
      { $set: { revokedAt: at, revokedReason: reason } },
    );
  }
}
