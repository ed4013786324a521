// Juries: a programme lead names the members (name, e-mail), the learners and a period; each member
// gets their own access link to those learners' dossiers, read-only, and every reading is logged.
import type { Clock } from "../../clock.js";
import { found, NotFoundError, ValidationError } from "../../errors.js";
import type { Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { courseScopeOf, type CourseScope } from "../course.js";
import { displayName, type PeopleDirectory } from "../people/people.js";
import { launchScope } from "../validation/use-case-steps.js";
import type { AccessLink, AccessLinks } from "./access-links.js";
import type { DossierSubject } from "./dossier.js";

export interface Jury extends CourseScope {
  id: string;
  title: string;
  learnerIds: string[];
  validFrom: Date;
  validUntil: Date;
  createdBy: string;
  createdAt: Date;
}

export interface JuryStore {
  insert(jury: Jury): Promise<void>;
  byId(scope: CourseScope, id: string): Promise<Jury | null>;
  /** Newest first. */
  forCourse(scope: CourseScope): Promise<Jury[]>;
  /** For a member's link: the jury it opens, wherever it is. */
  byLink(link: Pick<AccessLink, "platformId" | "parentId">): Promise<Jury | null>;
}

export interface NewJury {
  title: string;
  members: { name: string; email: string }[];
  learnerIds: string[];
  validFrom: Date;
  validUntil: Date;
}

export interface JuryWithLinks {
  jury: Jury;
  links: AccessLink[];
  learners: { id: string; name: string }[];
}

export const MAX_JURY_MEMBERS = 20;
export const MAX_JURY_LEARNERS = 300;

export class Juries {
  constructor(
    private readonly deps: {
      store: JuryStore;
      links: AccessLinks;
      people: Pick<PeopleDirectory, "members" | "people" | "person">;
      audit: Pick<AuditLog, "record">;
      clock: Clock;
      newId: () => string;
    },
  ) {}

  /** The course's learners a jury may be given (its roster as Carnet knows it). */
  async candidates(actor: Actor): Promise<{ id: string; name: string }[]> {
    const members = await this.deps.people.members(launchScope(actor), "learner");
    return members
      .map((member) => ({ id: member.id, name: displayName(member) }))
      .sort((a, b) => a.name.localeCompare(b.name, "fr"));
  }

  async create(actor: Actor, input: NewJury): Promise<Jury> {
    const now = this.deps.clock.now();
    const errors: Record<string, string> = {};
    if (input.validUntil.getTime() <= now.getTime()) errors.validUntil = "PERIOD_PAST";
    else if (input.validUntil.getTime() <= input.validFrom.getTime()) errors.validUntil = "PERIOD_ORDER";
    const known = new Set((await this.candidates(actor)).map((learner) => learner.id));
    if (input.learnerIds.length === 0) errors.learners = "LEARNERS_REQUIRED";
    else if (input.learnerIds.some((id) => !known.has(id))) errors.learners = "LEARNER_UNKNOWN";
    if (Object.keys(errors).length > 0) throw new ValidationError("VALIDATION_FAILED", {}, errors);
    const jury: Jury = {
      ...launchScope(actor),
      id: this.deps.newId(),
      title: input.title,
      learnerIds: [...new Set(input.learnerIds)],
      validFrom: input.validFrom,
      validUntil: input.validUntil,
      createdBy: actor.userId,
      createdAt: now,
    };
    await this.deps.store.insert(jury);
    for (const member of input.members) {
      await this.deps.links.issue({
        ...launchScope(actor),
        kind: "jury",
        parentId: jury.id,
        holder: member,
        validFrom: jury.validFrom,
        validUntil: jury.validUntil,
        createdBy: actor.userId,
      });
    }
    await this.audit(
      "jury.created",
      { kind: "user", platformId: actor.platformId, userId: actor.userId },
      jury,
    );
    return jury;
  }

  list(actor: Actor): Promise<Jury[]> {
    return this.deps.store.forCourse(launchScope(actor));
  }

  /** One jury of the launch's course with its members' links (404 for another course's). */
  async detail(actor: Actor, juryId: string): Promise<JuryWithLinks> {
    const jury = found(await this.deps.store.byId(launchScope(actor), juryId), "no such jury in this course");
    return this.withLinks(jury);
  }

  async revokeMember(actor: Actor, juryId: string, linkId: string): Promise<void> {
    const { jury, links } = await this.detail(actor, juryId);
    if (!links.some((link) => link.id === linkId)) throw new NotFoundError("NOT_FOUND", "no such member");
    await this.deps.links.revoke(jury.platformId, linkId);
    await this.audit(
      "jury.link_revoked",
      { kind: "user", platformId: actor.platformId, userId: actor.userId },
      jury,
      {
        link: linkId,
      },
    );
  }

  /** What a member's working link opens: their jury and its learners. */
  async forMember(link: AccessLink): Promise<JuryWithLinks> {
    const jury = found(await this.deps.store.byLink(link), "jury gone");
    return this.withLinks(jury);
  }

  /** A learner of the member's jury, as a dossier subject; logged. Any other learner is a 404. */
  async subjectFor(link: AccessLink, learnerId: string): Promise<DossierSubject> {
    const jury = await this.deps.store.byLink(link);
    if (!jury || !jury.learnerIds.includes(learnerId)) {
      await this.audit(
        "jury.dossier_refused",
        memberActor(link),
        jury,
        { link: link.id, learner: learnerId },
        "refused",
      );
      throw new NotFoundError("NOT_FOUND", "not a learner of this jury");
    }
    await this.audit("jury.dossier_read", memberActor(link), jury, { link: link.id, learner: learnerId });
    return {
      platformId: jury.platformId,
      deploymentId: jury.deploymentId,
      contextId: jury.contextId,
      learnerId,
    };
  }

  /** Who to ask when a link no longer works: the person who created the jury. */
  async contactFor(link: AccessLink): Promise<string> {
    const person = await this.deps.people.person(link.platformId, link.createdBy);
    return person ? displayName(person) : "";
  }

  private async withLinks(jury: Jury): Promise<JuryWithLinks> {
    const [links, people] = await Promise.all([
      this.deps.links.forParent(jury.platformId, "jury", jury.id),
      this.deps.people.people(jury.platformId, jury.learnerIds),
    ]);
    const learners = jury.learnerIds
      .map((id) => {
        const person = people.get(id);
        return { id, name: person ? displayName(person) : "" };
      })
      .sort((a, b) => a.name.localeCompare(b.name, "fr"));
    return { jury, links, learners };
  }

  private audit(
    action: string,
    actor: Parameters<AuditLog["record"]>[0]["actor"],
    jury: Jury | null,
    details: Record<string, string> = {},
    outcome: "done" | "refused" = "done",
  ): Promise<void> {
    return this.deps.audit.record({
      action,
      outcome,
      actor,
      ...(jury
        ? {
            target: { type: "jury", id: jury.id },
            tenant: courseScopeOf(jury),
          }
        : {}),
      details,
      at: this.deps.clock.now(),
    });
  }
}

function memberActor(link: AccessLink): Parameters<AuditLog["record"]>[0]["actor"] {
  // Never a name or an e-mail in the audit log: the link's id says who it was.
  return { kind: "anonymous", platformId: link.platformId, label: `jury link ${link.id}` };
}
