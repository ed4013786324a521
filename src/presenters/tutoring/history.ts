// A learner's tutors in plain words: who accompanies them now and since when, and who did before (until
// when, and why it ended), with who made each appointment.
import { namesOf, type PeopleDirectory } from "../../domain/people/people.js";
import type { TutoringRelation } from "../../domain/tutoring/relations.js";
import type { PresenterView } from "../validation-links.js";
import { nameOr } from "../person-name.js";

export interface RelationView {
  id: string;
  tutorId: string;
  tutor: string;
  peer: boolean;
  from: Date;
  to: Date | null;
  how: string;
  ended: string;
}

export interface HistoryView {
  current: RelationView[];
  past: RelationView[];
}

export async function presentHistory(
  relations: readonly TutoringRelation[],
  view: PresenterView & { people: Pick<PeopleDirectory, "people">; platformId: string },
): Promise<HistoryView> {
  const { t } = view;
  const ids = relations.flatMap((relation) => [
    relation.tutorId,
    ...(relation.assignedBy ? [relation.assignedBy] : []),
  ]);
  const names = await namesOf(view.people, view.platformId, ids);
  const nameOf = (id: string): string => nameOr(names, id, t);
  const rows = relations.map((relation): RelationView => ({
    id: relation.id,
    tutorId: relation.tutorId,
    tutor: nameOf(relation.tutorId),
    peer: relation.kind === "peer",
    from: relation.from,
    to: relation.to,
    how:
      relation.source === "lti"
        ? t("tutoring:history.fromLms")
        : t(`tutoring:history.${relation.source === "import" ? "imported" : "appointed"}`, {
            name: relation.assignedBy ? nameOf(relation.assignedBy) : t("validation:someone"),
          }),
    ended: relation.endReason ? t(`tutoring:history.ended.${relation.endReason}`) : "",
  }));
  return { current: rows.filter((row) => row.to === null), past: rows.filter((row) => row.to !== null) };
}

/** After a change of tutor: which traces her new tutors cannot read yet, and the button to open them. */
export async function presentNewTutorsQuestion(
  waiting: { traces: readonly { id: string; title: string }[]; tutors: readonly string[] },
  view: PresenterView & { people: Pick<PeopleDirectory, "people">; platformId: string },
): Promise<{ text: string; traces: { title: string; href: string }[]; action: string } | null> {
  if (waiting.traces.length === 0) return null;
  const names = await namesOf(view.people, view.platformId, waiting.tutors);
  return {
    text: view.t("tutoring:mine.askNewTutors", {
      count: waiting.traces.length,
      names: waiting.tutors.map((id) => nameOr(names, id, view.t)).join(", "),
    }),
    traces: waiting.traces.map((trace) => ({
      title: trace.title,
      href: `${view.base}/traces/${encodeURIComponent(trace.id)}#share`,
    })),
    action: `${view.base}/my-tutors/open-traces`,
  };
}
