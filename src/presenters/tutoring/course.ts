// The course's tutoring as its teachers manage it: groups with their members, learners and their
// current tutors, the forms (new group, add to a group, appoint, rhythm) with what was typed when one
// came back refused, and when the roster was last read from the LMS.
import type { CourseTutoringView } from "../../domain/tutoring/course-tutoring.js";
import { displayName, type CourseMember } from "../../domain/people/people.js";
import type { TypedValues } from "../typed-values.js";
import { typedValue } from "../typed-values.js";
import type { PresenterView } from "../validation-links.js";
import { nameOr } from "../person-name.js";

export const RECOMMENDED_GROUP_SIZE = { min: 4, max: 6 } as const;

/** The forms of the page: a refused one comes back with its values and messages, the others clean. */
export type TutoringForm = "group" | "assign" | "appoint" | "settings";

export interface SentForm {
  form: TutoringForm;
  values: TypedValues;
  errors: Readonly<Record<string, string>>;
}

const ACTIONS = {
  group: "/tutoring/groups",
  assign: "/tutoring/assign",
  appoint: "/tutoring/appoint",
  settings: "/tutoring/settings",
  refresh: "/tutoring/roster/refresh",
  import: "/tutoring/import",
} as const;

/** The rhythm form: as saved, or as typed when it came back refused ("" for no contact target). */
function settingsForm(
  saved: CourseTutoringView["settings"],
  sent: { values: TypedValues; errors: Readonly<Record<string, string>> },
): Record<string, unknown> {
  const value = (name: keyof CourseTutoringView["settings"]): string =>
    typedValue(sent.values, name) ?? String(saved[name] ?? "");
  return {
    errors: sent.errors,
    silentAfterWeeks: value("silentAfterWeeks"),
    requestWaitingDays: value("requestWaitingDays"),
    unansweredDays: value("unansweredDays"),
    contactEveryWeeks: value("contactEveryWeeks"),
  };
}

function byName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => a.name.localeCompare(b.name, "fr"));
}

function typedList(values: TypedValues | undefined, name: string): string[] {
  const value = values?.[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

export function presentCourseTutoring(
  course: CourseTutoringView,
  view: PresenterView & { sent?: SentForm },
): Record<string, unknown> {
  const { t, base } = view;
  const names = new Map<string, string>(course.otherTutorNames);
  for (const { member } of course.learners) names.set(member.id, displayName(member));
  for (const member of [...course.tutorCandidates, ...course.peerCandidates])
    names.set(member.id, displayName(member));
  const nameOf = (id: string): string => nameOr(names, id, t);
  const sent = (form: TutoringForm): { values: TypedValues; errors: Readonly<Record<string, string>> } =>
    view.sent?.form === form ? view.sent : { values: {}, errors: {} };
  const group = sent("group");
  const appoint = sent("appoint");
  const settings = sent("settings");
  const chosenLearners = new Set(typedList(appoint.values, "learnerIds"));
  const option = (selected: string | undefined) => (member: CourseMember) => ({
    id: member.id,
    name: displayName(member),
    selected: member.id === selected,
  });
  return {
    groups: course.groups.map(({ group: item, members }) => ({
      id: item.id,
      name: item.name,
      tutor: nameOf(item.tutorId),
      peer: item.kind === "peer",
      size: members.length,
      tooLarge: members.length > RECOMMENDED_GROUP_SIZE.max,
      removeAction: `${base}/tutoring/groups/${encodeURIComponent(item.id)}/remove`,
      members: byName(
        members.map((relation) => ({
          name: nameOf(relation.learnerId),
          endAction: `${base}/tutoring/relations/${encodeURIComponent(relation.id)}/end`,
        })),
      ),
    })),
    learners: byName(
      course.learners.map(({ member, relations }) => ({
        id: member.id,
        name: displayName(member),
        checked: chosenLearners.has(member.id),
        tutors: relations.map((relation) => nameOf(relation.tutorId)).join(", "),
        href: `${base}/tutoring/learners/${encodeURIComponent(member.id)}`,
      })),
    ),
    unassigned: byName(
      course.learners
        .filter(({ relations }) => relations.length === 0)
        .map(({ member }) => ({ id: member.id, name: displayName(member) })),
    ),
    learnerCount: course.learners.length,
    tutors: byName(course.tutorCandidates.map(option(typedValue(group.values, "tutorId")))),
    appointTutors: byName(course.tutorCandidates.map(option(typedValue(appoint.values, "tutorId")))),
    peers: byName(course.peerCandidates.map(option(typedValue(group.values, "tutorId")))),
    appointPeers: byName(course.peerCandidates.map(option(typedValue(appoint.values, "tutorId")))),
    recommended: RECOMMENDED_GROUP_SIZE,
    groupForm: {
      values: group.values,
      errors: group.errors,
      peer: typedValue(group.values, "kind") === "peer",
    },
    appointForm: {
      values: appoint.values,
      errors: appoint.errors,
      peer: typedValue(appoint.values, "kind") === "peer",
    },
    assignErrors: sent("assign").errors,
    settingsForm: settingsForm(course.settings, settings),
    roster: course.roster,
    actions: Object.fromEntries(Object.entries(ACTIONS).map(([name, path]) => [name, `${base}${path}`])),
  };
}
