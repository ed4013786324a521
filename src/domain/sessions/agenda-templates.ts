// A programme's agenda for its group sessions, session by session: what the first meeting is for, the
// second, and so on. Each programme edits its own; until it does, Carnet offers the Tours DUMG tutors'
// cahier des charges (Lestrade, Tours 2013, [001 L93-98, L970-991] in shared/research/tutoring-medicine.md).
import { ValidationError } from "../../errors.js";

export interface AgendaSession {
  title: string;
  items: string[];
}

export interface AgendaTemplate {
  /** Session 1 first; a group's sessions beyond the last use the last one. */
  sessions: AgendaSession[];
}

export const AGENDA_LIMITS = { sessions: 12, title: 120, items: 15, item: 300 } as const;

const ROUND_TABLE_FR =
  "Tour de table : chaque interne s'exprime sur son parcours, ses difficultés éventuelles, et présente son portfolio (20 à 30 min chacun)";
const ROUND_TABLE_EN =
  "Round table: each intern talks about their path and any difficulties, and presents their portfolio (20–30 min each)";
const NEXT_FR = "Date de la prochaine rencontre";
const NEXT_EN = "Date of the next meeting";

/** The Tours cahier des charges: a compulsory session each semester, each with its theme. */
export const TOURS_AGENDA: Record<"fr" | "en", AgendaTemplate> = {
  fr: {
    sessions: [
      {
        title: "Prise de contact",
        items: [
          "Présentations, projet professionnel",
          "Comment se passent les stages",
          ROUND_TABLE_FR,
          NEXT_FR,
        ],
      },
      {
        title: "Les RSCA",
        items: ["Ont-ils compris comment se passent les RSCA ? Règles d'écriture", ROUND_TABLE_FR, NEXT_FR],
      },
      {
        title: "Suivi du portfolio",
        items: [
          "Ont-ils déjà fait quelques RSCA ?",
          "Revue du parcours et du portfolio (l'équivalent de la commission de suivi de portfolio)",
          ROUND_TABLE_FR,
          NEXT_FR,
        ],
      },
      {
        title: "La thèse",
        items: ["Ont-ils pensé à leur thèse ? Sujet, directeur, calendrier", ROUND_TABLE_FR, NEXT_FR],
      },
      {
        title: "Séance de groupe",
        items: ["Thème choisi avec le groupe", ROUND_TABLE_FR, NEXT_FR],
      },
    ],
  },
  en: {
    sessions: [
      {
        title: "Getting to know each other",
        items: ["Introductions, professional project", "How placements are going", ROUND_TABLE_EN, NEXT_EN],
      },
      {
        title: "RSCAs",
        items: ["Do they understand how RSCAs work? Writing rules", ROUND_TABLE_EN, NEXT_EN],
      },
      {
        title: "Portfolio review",
        items: [
          "Have they written some RSCAs yet?",
          "Review of their path and portfolio (what the portfolio follow-up committee used to do)",
          ROUND_TABLE_EN,
          NEXT_EN,
        ],
      },
      {
        title: "The thesis",
        items: [
          "Have they thought about their thesis? Topic, supervisor, timetable",
          ROUND_TABLE_EN,
          NEXT_EN,
        ],
      },
      {
        title: "Group session",
        items: ["Topic chosen with the group", ROUND_TABLE_EN, NEXT_EN],
      },
    ],
  },
};

export function defaultAgenda(locale: string): AgendaTemplate {
  return locale.startsWith("en") ? TOURS_AGENDA.en : TOURS_AGENDA.fr;
}

/** The agenda proposed for a group's n-th session (1-based): its own, or the template's last one. */
export function agendaFor(template: AgendaTemplate, number: number): AgendaSession | null {
  const { sessions } = template;
  if (sessions.length === 0) return null;
  return sessions[Math.min(Math.max(number, 1), sessions.length) - 1] ?? null;
}

/** Agenda text as typed (one item a line) → its items, blank lines dropped. */
export function agendaItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/**
 * A template as a programme lead typed it: sessions with a blank title and no items are dropped;
 * anything beyond the limits is refused on its field (`sessions.<i>.title`, `sessions.<i>.items`).
 */
export function checkedTemplate(sessions: readonly { title: string; items: string }[]): AgendaTemplate {
  const kept = sessions
    .map((session, index) => ({ index, title: session.title.trim(), items: agendaItems(session.items) }))
    .filter((session) => session.title !== "" || session.items.length > 0);
  const fields: Record<string, string> = {};
  if (kept.length === 0) fields["sessions.0.title"] = "TEMPLATE_EMPTY";
  if (kept.length > AGENDA_LIMITS.sessions) fields["sessions"] = "TOO_MANY_SESSIONS";
  for (const session of kept) {
    if (session.title === "") fields[`sessions.${session.index}.title`] = "TITLE_REQUIRED";
    else if (session.title.length > AGENDA_LIMITS.title)
      fields[`sessions.${session.index}.title`] = "TOO_LONG";
    if (session.items.length > AGENDA_LIMITS.items)
      fields[`sessions.${session.index}.items`] = "TOO_MANY_ITEMS";
    else if (session.items.some((item) => item.length > AGENDA_LIMITS.item))
      fields[`sessions.${session.index}.items`] = "ITEM_TOO_LONG";
  }
  if (Object.keys(fields).length > 0)
    throw new ValidationError("VALIDATION_FAILED", { ...AGENDA_LIMITS }, fields);
  return { sessions: kept.map(({ title, items }) => ({ title, items })) };
}
