// Access links and juries in MongoDB. A claim and a revocation are single-document conditional
// updates, so two browsers opening the same link at once cannot both claim it.
import type { AccessLink, AccessLinkStore } from "../domain/dossier/access-links.js";
import type { Jury, JuryStore } from "../domain/dossier/juries.js";
import type { LinkKind } from "../domain/dossier/link-tokens.js";
import type { CourseScope } from "../domain/course.js";
import type { AccessLinkDoc, AccessModels, JuryDoc } from "./models/access-models.js";

function linkOf({ _id, ...rest }: AccessLinkDoc): AccessLink {
  return { id: _id, ...rest };
}

function juryOf({ _id, ...rest }: JuryDoc): Jury {
  return { id: _id, ...rest };
}

export class AccessLinkRepository implements AccessLinkStore {
  constructor(private readonly models: Pick<AccessModels, "AccessLink">) {}

  async insert(link: AccessLink): Promise<void> {
    const { id, ...rest } = link;
    await this.models.AccessLink.create({ _id: id, ...rest });
  }

  async byId(id: string): Promise<AccessLink | null> {
    const doc = await this.models.AccessLink.findById(id).lean<AccessLinkDoc>();
    return doc ? linkOf(doc) : null;
  }

  async forParent(platformId: string, kind: LinkKind, parentId: string): Promise<AccessLink[]> {
    const docs = await this.models.AccessLink.find({ platformId, kind, parentId })
      .sort({ createdAt: 1 })
      .limit(500)
      .lean<AccessLinkDoc[]>();
    return docs.map(linkOf);
  }

  async claim(id: string, claim: { hash: string; at: Date }): Promise<boolean> {
    const result = await this.models.AccessLink.updateOne(
      { _id: id, claim: { $exists: false } },
      { $set: { claim } },
    );
    return result.modifiedCount === 1;
  }

  async revoke(platformId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.models.AccessLink.updateOne(
      { _id: id, platformId, revokedAt: { $exists: false } },
      { $set: { revokedAt: at } },
    );
    return result.modifiedCount === 1;
  }
}

export class JuryRepository implements JuryStore {
  constructor(private readonly models: Pick<AccessModels, "Jury">) {}

  async insert(jury: Jury): Promise<void> {
    const { id, ...rest } = jury;
    await this.models.Jury.create({ _id: id, ...rest });
  }

  async byId(scope: CourseScope, id: string): Promise<Jury | null> {
    const doc = await this.models.Jury.findOne({ _id: id, ...scopeOf(scope) }).lean<JuryDoc>();
    return doc ? juryOf(doc) : null;
  }

  async forCourse(scope: CourseScope): Promise<Jury[]> {
    const docs = await this.models.Jury.find(scopeOf(scope))
      .sort({ createdAt: -1 })
      .limit(200)
      .lean<JuryDoc[]>();
    return docs.map(juryOf);
  }

  async byLink(link: Pick<AccessLink, "platformId" | "parentId">): Promise<Jury | null> {
    const doc = await this.models.Jury.findOne({
      _id: link.parentId,
      platformId: link.platformId,
    }).lean<JuryDoc>();
    return doc ? juryOf(doc) : null;
  }
}

function scopeOf(scope: CourseScope): CourseScope {
  return { platformId: scope.platformId, deploymentId: scope.deploymentId, contextId: scope.contextId };
}
