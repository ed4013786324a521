// A learner's file → the trainer's page: facts (last contact, last activity, progress), competences by
// domain, the recent timeline, the contact log and the trainer's own confidential notes, with the
// contact and note forms refilled when they come back refused.
import { displayName, namesOf, type PeopleDirectory } from "../domain/people/people.js";
import { CONTACT_CHANNELS, type LearnerFile } from "../domain/validation/tutor-file.js";
import { isPending } from "../domain/validation/states.js";
import { inactiveWeeks } from "../domain/validation/waiting.js";
import { competencePagePath, learnerPath, type PresenterView } from "./validation-links.js";
import { competenceInfo, groupByDomain, localized, recordSummary, stateBadge } from "./validation.js";
import { nameOr } from "./person-name.js";

const RECENT_ENTRIES = 15;

export interface SentFileForm {
  values: Readonly<Record<string, string | string[]>>;
  errors: Readonly<Record<string, string>>;
}

type View = PresenterView & { people: Pick<PeopleDirectory, "people"> };

export async function presentLearnerFile(
  file: LearnerFile,
  options: { sent?: SentFileForm; done?: "note" | "contact" },
  view: View,
): Promise<Record<string, unknown> & { title: string }> {
  const { t, base } = view;
  const { learner, records, contacts, membership, now } = file;
  const learnerId = learner.id;
  const names = await namesOf(view.people, file.course.scope.platformId, [
    ...contacts.map((contact) => contact.authorId),
    ...records.flatMap((record) => record.timeline.map((entry) => entry.actorId)),
  ]);
  const nameOf = (id: string): string => nameOr(names, id, t);
  const lastActivity = [
    membership?.lastLaunchAt,
    ...records.map((record) => record.learnerActivityAt),
  ].reduce<Date | undefined>((max, at) => (at && (!max || at > max) ? at : max), undefined);
  const values = options.sent?.values ?? {};
  const typed = (name: string): string => {
    const value = values[name];
    return typeof value === "string" ? value : (value?.at(-1) ?? "");
  };
  return {
    title: displayName(learner),
    learner: { id: learnerId, name: displayName(learner), email: learner.email },
    neverLaunched: membership?.source === "roster" && !membership.lastLaunchAt,
    lastActivity,
    inactiveWeeks: inactiveWeeks(lastActivity, now),
    lastContact: contacts[0]?.date,
    ...competencesOf(file, view, nameOf),
    progress: {
      validated: records.filter((record) => record.state === "validated").length,
      pending: records.filter((record) => isPending(record.state)).length,
    },
    pendingElsewhere: file.pendingElsewhere,
    notes: file.notes.map((note) => ({ at: note.createdAt, body: note.body })),
    contacts: contacts.map((contact) => ({
      day: contact.date,
      channel: t(`validation:contacts.channels.${contact.channel}`),
      note: contact.note,
      who: nameOf(contact.authorId),
    })),
    channels: CONTACT_CHANNELS.map((value) => ({
      value,
      label: t(`validation:contacts.channels.${value}`),
      selected: (typed("channel") || "meeting") === value,
    })),
    today: now.toISOString().slice(0, 10),
    errors: options.sent?.errors ?? {},
    values: { date: typed("date"), contactNote: typed("contactNote"), note: typed("note") },
    fieldAnchors: {
      date: "contact-date",
      channel: "contact-channel",
      contactNote: "contact-note",
      note: "note-body",
    },
    portfolioHref: `${learnerPath(base, learnerId)}/traces`,
    action: learnerPath(base, learnerId),
    cohortHref: `${base}/cohort`,
    done: options.done ? t(`validation:file.done.${options.done}`) : "",
  };
}

/** The competences by domain and the latest steps of the course's framework (nothing without one). */
function competencesOf(
  file: LearnerFile,
  view: View,
  nameOf: (id: string) => string,
): Record<string, unknown> {
  const { t, locale, base } = view;
  const { framework, rules } = file.course;
  if (!framework) return { framework: "", noFramework: true, domains: [], recent: [] };
  const byCode = new Map(file.records.map((record) => [record.competenceCode, record]));
  const domains = groupByDomain(framework, locale, (node) => ({
    code: node.code,
    title: localized(node.title, locale),
    href: competencePagePath(base, file.learner.id, framework.id, node.code),
    ...recordSummary(t, locale, framework, byCode.get(node.code), file.now, rules),
  }));
  const recent = file.records
    .flatMap((record) => record.timeline.map((entry) => ({ entry, code: record.competenceCode })))
    .sort((a, b) => new Date(b.entry.at).getTime() - new Date(a.entry.at).getTime())
    .slice(0, RECENT_ENTRIES)
    .map(({ entry, code }) => ({
      at: entry.at,
      code,
      title: competenceInfo(framework, code, locale)?.title ?? code,
      action: t(`validation:actions.${entry.action}`),
      who: nameOf(entry.actorId),
      channel: t(`validation:channels.${entry.channel}`),
      to: stateBadge(t, entry.to),
      comment: entry.comment ?? "",
    }));
  return {
    framework: localized(framework.definition.title, locale),
    noFramework: false,
    domains,
    recent,
  };
}
