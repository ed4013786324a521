// What the validation area's presenters share: where its pages live inside a launch (the domain returns
// ids, presenters build URLs), links to cited traces, and course titles resolved in one go.
import type { CourseRef } from "../domain/course.js";
import type { PeopleDirectory } from "../domain/people/people.js";
import type { Locale, Translate } from "../i18n/i18n.js";

/** What every presenter of a launched page needs: the reader's language and the launch's base path. */
export interface PresenterView {
  t: Translate;
  locale: Locale;
  /** /l/<launchId> */
  base: string;
}

export interface TraceLink {
  id: string;
  title: string;
  revision: number;
  href: string;
}

export function learnerPath(base: string, learnerId: string): string {
  return `${base}/learners/${encodeURIComponent(learnerId)}`;
}

/** A learner's competence as their validators see it (history, actions). */
export function competencePagePath(
  base: string,
  learnerId: string,
  frameworkId: string,
  code: string,
): string {
  return `${learnerPath(base, learnerId)}/competences/${encodeURIComponent(frameworkId)}/${encodeURIComponent(code)}`;
}

/** A paper form's scan, shown to the learner and their validators. */
export function scanPath(base: string, scanId: string): string {
  return `${base}/scans/${encodeURIComponent(scanId)}`;
}

/** Evidence opens in the portfolio at the revision that was submitted (the trace may have changed since). */
export function traceLinker(
  base: string,
  titles: ReadonlyMap<string, string>,
  t: Translate,
): (id: string, revision: number) => TraceLink {
  return (id, revision) => ({
    id,
    revision,
    title: titles.get(id) ?? t("validation:evidence.untitled"),
    href:
      revision > 0
        ? `${base}/traces/${encodeURIComponent(id)}/revisions/${revision}`
        : `${base}/traces/${encodeURIComponent(id)}`,
  });
}

export function courseKey(course: CourseRef): string {
  return `${course.deploymentId}\u0000${course.contextId}`;
}

/** Titles of these courses (by `courseKey`); a course Carnet has no title for is left out. */
export async function courseTitles(
  people: Pick<PeopleDirectory, "course">,
  platformId: string,
  courses: readonly CourseRef[],
): Promise<Map<string, string>> {
  const unique = new Map(courses.map((course) => [courseKey(course), course]));
  const found = await Promise.all(
    [...unique].map(
      async ([key, course]) => [key, (await people.course({ platformId, ...course }))?.title] as const,
    ),
  );
  return new Map(found.flatMap(([key, title]) => (title ? [[key, title] as const] : [])));
}
