// The trace page's sharing card for its author: who can read the trace now, in plain words, and the
// form to choose — her tutors, the formateurs of a course, her tutoring group, people she names.
import type { ShareChoices } from "../../domain/portfolio/sharing.js";
import type { Trace } from "../../domain/portfolio/types.js";
import { chosenTutor } from "../../policies/portfolio.js";
import type { PresentContext } from "./trace-views.js";
import { visibilityView } from "./trace-views.js";

type FormValues = Readonly<Record<string, string | string[]>>;

/** Course checkboxes carry "<deploymentId>~<contextId>", each part URI-encoded. */
export function encodeCourse(course: { deploymentId: string; contextId: string }): string {
  return `${encodeURIComponent(course.deploymentId)}~${encodeURIComponent(course.contextId)}`;
}

/** The ids the sharing card names: tutors, group peers, people to name. */
export function namesOnShareCard(choices: ShareChoices | null): string[] {
  if (!choices) return [];
  const { relations } = choices;
  return [...relations.tutors, ...relations.peerTutors, ...relations.groupPeers, ...choices.people];
}

function listOf(values: FormValues, name: string): string[] | null {
  const value = values[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value : [value];
}

/** A trace never shared: tutors and the course worked from are offered ticked, as a first share. */
function neverShared(trace: Trace): boolean {
  return trace.sharedIn.length === 0 && !trace.sharedWith.tutors && trace.sharedWith.people.length === 0;
}

/** Who reads the trace now, one line each, in the author's words. */
function readBack(
  trace: Trace,
  choices: ShareChoices,
  ctx: PresentContext,
  courseTitle: (id: string) => string,
) {
  const { t } = ctx;
  const named = (id: string): string => ctx.names?.get(id) ?? t("validation:someone");
  if (trace.visibility === "private") return [t("portfolio:share.onlyYou")];
  const { relations } = choices;
  const lines = [t("portfolio:share.you")];
  if (trace.sharedWith.tutors) {
    const tutors = relations.tutors.filter((id) => chosenTutor(trace, id));
    const peers = relations.peerTutors.filter((id) => chosenTutor(trace, id));
    lines.push(...tutors.map((id) => t("portfolio:share.tutor", { name: named(id) })));
    lines.push(...peers.map((id) => t("portfolio:share.peerTutor", { name: named(id) })));
    if (tutors.length + peers.length === 0) lines.push(t("portfolio:share.noTutorReads"));
  }
  lines.push(
    ...trace.sharedIn.map((course) =>
      t("portfolio:share.teachersOf", { course: courseTitle(encodeCourse(course)) }),
    ),
  );
  if (trace.visibility === "group")
    lines.push(...relations.groupPeers.map((id) => t("portfolio:share.peer", { name: named(id) })));
  lines.push(...trace.sharedWith.people.map((id) => t("portfolio:share.named", { name: named(id) })));
  return lines;
}

export function shareView(
  trace: Trace,
  choices: ShareChoices,
  ctx: PresentContext,
  form: { values?: FormValues | undefined; errors?: Readonly<Record<string, string>> | undefined } = {},
) {
  const values = form.values ?? {};
  const errors = form.errors ?? {};
  const { t } = ctx;
  const named = (id: string): string => ctx.names?.get(id) ?? t("validation:someone");
  const typedCourses = listOf(values, "course");
  const typedAudience = listOf(values, "audience");
  const typedPeople = listOf(values, "person");
  const first = neverShared(trace);
  const courses = choices.courses.map((choice, index) => {
    const value = encodeCourse(choice.course);
    return {
      id: `course-${index}`,
      value,
      title: choice.title ?? choice.course.contextId,
      checked: typedCourses ? typedCourses.includes(value) : choice.sharedHere || (first && choice.current),
      current: choice.current,
    };
  });
  const titleOf = (value: string): string => courses.find((course) => course.value === value)?.title ?? value;
  const audience = (key: "tutors" | "group", now: boolean): boolean =>
    typedAudience ? typedAudience.includes(key) : now;
  const { relations } = choices;
  return {
    action: `${ctx.base}/traces/${trace.id}/share`,
    current: visibilityView(trace.visibility, t),
    private: trace.visibility === "private",
    // The audience's fields are one fieldset: any of their refusals is shown there.
    audienceError: errors.visibility ?? errors.audience ?? errors.course ?? "",
    readBack: readBack(trace, choices, ctx, titleOf),
    tutors: {
      checked: audience("tutors", trace.sharedWith.tutors || first),
      names: choices.tutorsNow.map(named).join(", "),
    },
    courses,
    group:
      relations.groupPeers.length > 0 || trace.visibility === "group"
        ? {
            checked: audience("group", trace.visibility === "group"),
            names: relations.groupPeers.map(named).join(", "),
          }
        : null,
    people: choices.people
      .map((id, index) => ({
        id: `person-${index}`,
        value: id,
        name: named(id),
        checked: typedPeople ? typedPeople.includes(id) : trace.sharedWith.people.includes(id),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, "fr")),
    newTutors:
      choices.tutorsNotChosen.length > 0
        ? {
            text: t("portfolio:share.newTutors", {
              names: choices.tutorsNotChosen.map(named).join(", "),
              count: choices.tutorsNotChosen.length,
            }),
            action: `${ctx.base}/traces/${trace.id}/share/tutors`,
          }
        : null,
  };
}
