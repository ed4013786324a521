// Interviews → view models: the tutee's preparation form, the tutor's synthesis form (beside what the
// tutee prepared), the signed record; typed values shown again after a refusal.
import type { Actor } from "../../domain/actor.js";
import { namesOf } from "../../domain/people/people.js";
import {
  INTERVIEW_SECTIONS,
  stageOf,
  type Interview,
  type InterviewSection,
} from "../../domain/sessions/interview.js";
import { abilities } from "../../policies/policy.js";
import { interviewPolicy } from "../../policies/tutoring-sessions.js";
import { typedInForm, type TypedForm } from "../typed-values.js";
import type { SessionsView } from "./view.js";
import { clockTime, longDate } from "./when.js";

export type InterviewView = SessionsView;

export interface InterviewRow {
  href: string;
  label: string;
  stage: string;
  when: string | null;
}

export function interviewRow(interview: Interview, withName: string, view: InterviewView): InterviewRow {
  return {
    href: `${view.base}/interviews/${interview.id}`,
    label: view.t("sessions:interview.rowLabel", { number: interview.number, name: withName }),
    stage: view.t(`sessions:interview.stages.${stageOf(interview)}`),
    when: interview.plannedAt ? longDate(interview.plannedAt, view.locale, view.timeZone) : null,
  };
}

interface SectionModel {
  name: InterviewSection | "topics";
  label: string;
  hint: string;
  learner: string;
  tutor: string;
  value: string;
}

export async function presentInterview(
  actor: Actor,
  interview: Interview,
  view: InterviewView,
  typed?: TypedForm<"preparation" | "synthesis">,
): Promise<{ title: string } & Record<string, unknown>> {
  const can = abilities(actor, interviewPolicy, interview);
  const stage = stageOf(interview);
  const names = await namesOf(view.people, interview.platformId, [interview.learnerId, interview.tutorId]);
  const preparing = stage === "preparing";
  const form = can.prepare && preparing ? "preparation" : can.complete && preparing ? "synthesis" : null;
  const sections: SectionModel[] = [...INTERVIEW_SECTIONS, "topics" as const].map((name) => {
    const learner = interview.preparation[name];
    const tutor = name === "topics" ? "" : interview.synthesis[name];
    const saved = form === "preparation" ? learner : form === "synthesis" ? tutor || learner : "";
    return {
      name,
      label: view.t(`sessions:interview.sections.${name}.label`),
      hint: view.t(`sessions:interview.sections.${name}.hint`),
      learner,
      tutor,
      value: (form ? typedInForm(typed, form, name) : undefined) ?? saved,
    };
  });
  const mine = actor.userId === interview.learnerId ? "learner" : "tutor";
  const signedByMe = mine === "learner" ? interview.learnerSignedAt : interview.tutorSignedAt;
  return {
    title: view.t("sessions:interview.title", { number: interview.number }),
    learner: names.get(interview.learnerId) ?? view.t("validation:someone"),
    tutor: names.get(interview.tutorId) ?? view.t("validation:someone"),
    planned: interview.plannedAt
      ? `${longDate(interview.plannedAt, view.locale, view.timeZone)}, ${clockTime(interview.plannedAt, view.locale, view.timeZone)}`
      : null,
    stage: view.t(`sessions:interview.stages.${stage}`),
    previousObjectives: interview.previousObjectives,
    form,
    formSections: form === "synthesis" ? sections.filter((section) => section.name !== "topics") : sections,
    sections,
    topics: interview.preparation.topics,
    prepared: interview.preparedAt !== null,
    completed: stage !== "preparing",
    action: `${view.base}/interviews/${interview.id}/${form ?? "preparation"}`,
    signAction: `${view.base}/interviews/${interview.id}/sign`,
    canSign: can.sign && stage === "completed" && !signedByMe,
    learnerSignedAt: interview.learnerSignedAt,
    tutorSignedAt: interview.tutorSignedAt,
    back: `${view.base}/sessions`,
  };
}
