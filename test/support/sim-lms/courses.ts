/** Courses, their members and resource links: what NRPS lists and what AGS checks gradability against. */
import { hasContextRole, toNrpsRole } from "./lti-vocabulary.js";
import type { AddCourseInput, Course, Member, ResourceLinkRecord } from "./types.js";

/** Moodle's course 1 is the site; real courses start at 2 (the fixtures use course "2"). */
export const DEFAULT_COURSE = { id: "2", label: "C2I2E-TEST", title: "C2i2e — promotion test" } as const;
export const DEFAULT_RESOURCE_LINK_TITLE = "Portfolio C2i2e (Carnet)";

export interface NrpsMember {
  status: string;
  roles: string[];
  user_id: string;
  lis_person_sourcedid: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  picture?: string;
  ext_user_username?: string;
}

export interface MembershipPage {
  members: NrpsMember[];
  /** Offset of the next page, when there is one. */
  nextFrom: number | undefined;
}

export class CourseStore {
  private readonly courses = new Map<string, Course>();
  private readonly links = new Map<string, ResourceLinkRecord>();
  private readonly defaultLinks = new Map<string, string>();
  private nextCourseId = Number(DEFAULT_COURSE.id);
  /** Resource link ids are global, like Moodle's activity instance ids. */
  private nextLinkId = 1;

  addCourse(input: AddCourseInput = {}): Course {
    const id = input.id ?? this.allocateCourseId();
    if (this.courses.has(id)) throw new Error(`course ${id} already exists`);
    const course: Course = {
      id,
      label: input.label ?? `COURSE-${id}`,
      title: input.title ?? `Course ${id}`,
      members: [],
    };
    this.courses.set(id, course);
    for (const member of input.members ?? []) this.addMember(id, member);
    return course;
  }

  private allocateCourseId(): string {
    while (this.courses.has(String(this.nextCourseId))) this.nextCourseId += 1;
    return String(this.nextCourseId++);
  }

  course(id: string): Course | undefined {
    return this.courses.get(id);
  }

  allCourses(): Course[] {
    return [...this.courses.values()];
  }

  /** The course, created with the given label/title when it does not exist yet. */
  ensureCourse(id: string, label?: string, title?: string): Course {
    const existing = this.courses.get(id);
    if (existing) return existing;
    const isDefault = id === DEFAULT_COURSE.id;
    return this.addCourse({
      id,
      label: label ?? (isDefault ? DEFAULT_COURSE.label : undefined),
      title: title ?? (isDefault ? DEFAULT_COURSE.title : undefined),
    });
  }

  /** Adds or replaces (same userId) a member. */
  addMember(contextId: string, member: Member): Member {
    const course = this.courses.get(contextId);
    if (!course) throw new Error(`no course ${contextId}`);
    const stored: Member = { ...member, roles: [...member.roles], status: member.status ?? "Active" };
    const index = course.members.findIndex((m) => m.userId === member.userId);
    if (index >= 0) course.members[index] = stored;
    else course.members.push(stored);
    return stored;
  }

  removeMember(contextId: string, userId: string): boolean {
    const course = this.courses.get(contextId);
    if (!course) return false;
    const before = course.members.length;
    course.members = course.members.filter((m) => m.userId !== userId);
    return course.members.length !== before;
  }

  member(contextId: string, userId: string): Member | undefined {
    return this.courses.get(contextId)?.members.find((m) => m.userId === userId);
  }

  /**
   * Moodle's gradebookservices::is_user_gradable_in_course: enrolled with a gradable (student) role.
   * Here: a Learner of the course whose membership is not Deleted.
   */
  isGradable(contextId: string, userId: string): boolean {
    const member = this.member(contextId, userId);
    return member !== undefined && member.status !== "Deleted" && hasContextRole(member.roles, "Learner");
  }

  /**
   * One page of the NRPS membership container (LTI NRPS 2.0 §2.2, §2.4 paging): optional `role` filter
   * (short or full URI), `limit` page size and `from` offset.
   */
  membershipPage(contextId: string, query: { role?: string; limit?: number; from?: number }): MembershipPage {
    const course = this.courses.get(contextId);
    if (!course) return { members: [], nextFrom: undefined };
    const wantedRole = query.role === undefined ? undefined : toNrpsRole(query.role);
    const matching = course.members.filter(
      (m) => wantedRole === undefined || m.roles.some((role) => toNrpsRole(role) === wantedRole),
    );
    const from = Math.max(0, query.from ?? 0);
    const limit = query.limit !== undefined && query.limit > 0 ? query.limit : matching.length;
    const slice = matching.slice(from, from + limit);
    const nextFrom = from + limit < matching.length ? from + limit : undefined;
    return { members: slice.map(toNrpsMember), nextFrom };
  }

  /** The context's default resource link (the graded "Portfolio" activity of the fixtures). */
  defaultResourceLink(contextId: string, clientId: string | undefined): ResourceLinkRecord {
    const existing = this.defaultLinks.get(contextId);
    const link = existing === undefined ? undefined : this.links.get(existing);
    if (link) return link;
    const created = this.createResourceLink(contextId, { title: DEFAULT_RESOURCE_LINK_TITLE, clientId });
    this.defaultLinks.set(contextId, created.id);
    return created;
  }

  createResourceLink(
    contextId: string,
    input: {
      id?: string;
      title?: string;
      description?: string;
      clientId?: string;
      url?: string;
      custom?: Record<string, string>;
    },
  ): ResourceLinkRecord {
    const id = input.id ?? this.allocateLinkId();
    const link: ResourceLinkRecord = {
      id,
      contextId,
      title: input.title ?? "",
      description: input.description ?? "",
      clientId: input.clientId,
      url: input.url,
      custom: input.custom ?? {},
    };
    this.links.set(id, link);
    return link;
  }

  private allocateLinkId(): string {
    while (this.links.has(String(this.nextLinkId))) this.nextLinkId += 1;
    return String(this.nextLinkId++);
  }

  resourceLink(id: string): ResourceLinkRecord | undefined {
    return this.links.get(id);
  }

  resourceLinks(contextId?: string): ResourceLinkRecord[] {
    return [...this.links.values()].filter((l) => contextId === undefined || l.contextId === contextId);
  }
}

/** A member as Moodle's NRPS lists it: names and email only when known (nrps-members.json). */
function toNrpsMember(member: Member): NrpsMember {
  const name = member.name ?? ([member.givenName, member.familyName].filter(Boolean).join(" ") || undefined);
  const out: NrpsMember = {
    status: member.status ?? "Active",
    roles: [...new Set(member.roles.map(toNrpsRole))],
    user_id: member.userId,
    lis_person_sourcedid: "",
  };
  if (name !== undefined) out.name = name;
  if (member.givenName !== undefined) out.given_name = member.givenName;
  if (member.familyName !== undefined) out.family_name = member.familyName;
  if (member.email !== undefined) out.email = member.email;
  if (member.picture !== undefined) out.picture = member.picture;
  if (member.username !== undefined) out.ext_user_username = member.username;
  return out;
}
