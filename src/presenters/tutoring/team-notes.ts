// The team notes page: who wrote each note and as what (tutor, référent, formateur), newest first, and
// the form to add one. Notes are plain text, shown escaped.
import type { TeamNotesPage } from "../../domain/tutoring/team-notes.js";
import type { Translate } from "../../i18n/i18n.js";
import { nameOr } from "../person-name.js";

export interface TeamNotesView {
  notes: { at: Date; body: string; who: string; as: string }[];
  canWrite: boolean;
  fileHref: string | null;
}

export function presentTeamNotes(
  page: TeamNotesPage,
  view: { t: Translate; base: string; learnerId: string; names: ReadonlyMap<string, string> },
): TeamNotesView {
  const { t } = view;
  const id = encodeURIComponent(view.learnerId);
  return {
    notes: page.notes.map((note) => ({
      at: note.createdAt,
      body: note.body,
      who: nameOr(view.names, note.authorId, t),
      as: t(`tutoring:teamNotes.as.${note.authorRole}`),
    })),
    canWrite: page.can.writeTeamNote,
    // A tutor or a formateur opens the learner's file; a référent reaches it when they teach the course.
    fileHref: page.role === "peer" ? null : `${view.base}/learners/${id}`,
  };
}
