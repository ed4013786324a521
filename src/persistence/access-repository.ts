// Access links and juries in MongoDB. A claim and a revocation are single-document conditional
// updates, so two browsers opening the same link at once cannot both claim it.
import type { AccessLink, AccessLinkStore } from "../domain/dossier/access-links.js";
import type { Jury, JuryStore } from "../domain/dossier/juries.js";
import type { LinkKind } from "../domain/dossier/link-tokens.js";
import type { AccessModels } from "./models/access-models.js";
import { courseScopeOf, type CourseScope } from "../domain/course.js";
import { storedRecords, toDocument } from "./records.js";

export class AccessLinkRepository implements AccessLinkStore {
  private readonly links;

  constructor(private readonly models: Pick<AccessModels, "AccessLink">) {
    this.links = storedRecords<AccessLink>(models.AccessLink);
  }

  async insert(link: AccessLink): Promise<void> {
    await this.links.insert(toDocument(link));
  }

  /** By id alone: the link's token is what a person without an account holds, before any tenant is known. */
  async byId(id: string): Promise<AccessLink | null> {
    return this.links.one({ _id: id });
  }

  async forParent(platformId: string, kind: LinkKind, parentId: string): Promise<AccessLink[]> {
    return this.links.list({ platformId, kind, parentId }, { sort: { createdAt: 1 }, limit: 500 });
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
  private readonly juries;

  constructor(models: Pick<AccessModels, "Jury">) {
    this.juries = storedRecords<Jury>(models.Jury);
  }

  async insert(jury: Jury): Promise<void> {
    await this.juries.insert(toDocument(jury));
  }

  async byId(scope: CourseScope, id: string): Promise<Jury | null> {
    return this.juries.one({ _id: id, ...courseScopeOf(scope) });
  }

  async forCourse(scope: CourseScope): Promise<Jury[]> {
    return this.juries.list(courseScopeOf(scope), { sort: { createdAt: -1 }, limit: 200 });
  }

  async byLink(link: Pick<AccessLink, "platformId" | "parentId">): Promise<Jury | null> {
    return this.juries.byId(link.platformId, link.parentId);
  }
}
