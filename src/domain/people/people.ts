// People and courses as the domain sees them (from launches and LMS rosters), always within a tenant.
import type { CourseScope } from "../course.js";

export interface Person {
  id: string;
  name: string | undefined;
  givenName: string | undefined;
  familyName: string | undefined;
  email: string | undefined;
  picture: string | undefined;
  sub: string;
  /** The language the LMS last said the person uses (for e-mails sent outside a launch). */
  locale?: string | undefined;
}

export interface CourseMember extends Person {
  roles: string[];
  source: "launch" | "roster";
  status: "Active" | "Inactive" | "Deleted";
  lastLaunchAt: Date | undefined;
}

export interface Course extends CourseScope {
  title?: string;
  label?: string;
  rosterSyncedAt?: Date;
}

/** What Carnet knows of the people and courses of a platform. */
export interface PeopleDirectory {
  person(platformId: string, userId: string): Promise<Person | null>;
  people(platformId: string, userIds: readonly string[]): Promise<Map<string, Person>>;
  course(scope: CourseScope): Promise<Course | null>;
  members(scope: CourseScope, role?: string): Promise<CourseMember[]>;
  coursesOf(platformId: string, userId: string, roles: readonly string[]): Promise<CourseScope[]>;
}

/** A person may be known by sub only (LMS privacy settings): never show an empty name. */
export function displayName(person: Pick<Person, "name" | "givenName" | "familyName" | "sub">): string {
  const full = person.name ?? [person.givenName, person.familyName].filter(Boolean).join(" ");
  return full.trim() !== "" ? full : `#${person.sub}`;
}

/** Display names of these people (unknown ids are left out: the caller chooses the wording). */
export async function namesOf(
  directory: Pick<PeopleDirectory, "people">,
  platformId: string,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((id) => !id.startsWith("external:"));
  const found = await directory.people(platformId, unique);
  return new Map([...found].map(([id, person]) => [id, displayName(person)]));
}
