// The supervisor's page behind their link: the learner, the placement, the competences in question
// with their state, the traces shared with them, and their four forms (observation, evaluation,
// comment, concern), each shown again with what was typed when it was refused.
import type { AccessLink } from "../domain/dossier/access-links.js";
import { findCompetence } from "../domain/frameworks/framework.js";
import { EVALUATION_LEVELS } from "../domain/placements/evaluation-forms.js";
import type { SupervisorView } from "../domain/placements/supervisor-desk.js";
import { SIGNAL_CATEGORIES } from "../domain/support/vocabulary.js";
import { dateTimeFormat } from "../i18n/format.js";
import type { Locale, Translate } from "../i18n/i18n.js";
import { evaluationView } from "./placements.js";
import type { TypedValues } from "./typed-values.js";
import { typedValue } from "./typed-values.js";
import { competenceTitle, levelLabel, localized, stateBadge } from "./validation.js";

export const SUPERVISOR_FORMS = ["observe", "evaluation", "comment", "concern"] as const;
export type SupervisorForm = (typeof SUPERVISOR_FORMS)[number];

export interface SupervisorPageView {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  /** The form that was refused, with what was typed and a message per field. */
  refused?: { form: SupervisorForm; values: TypedValues; errors: Record<string, string> };
  /** The form that was just saved. */
  done?: SupervisorForm;
}

export function presentSupervisor(
  view: SupervisorView,
  link: AccessLink,
  page: SupervisorPageView,
): Record<string, unknown> & { title: string } {
  const { t, locale } = page;
  const { invitation, framework } = view;
  const day = dateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const typed = typedIn(page);
  return {
    title: t("placements:supervisor.title", { name: view.learnerName }),
    csrfToken: page.csrfToken,
    ...(page.refused ? { formErrors: page.refused.errors } : {}),
    // The evaluation's comment field has its own id (the observation's is "comment").
    fieldAnchors: page.refused?.form === "evaluation" ? { comment: "evaluation-comment" } : {},
    learnerName: view.learnerName,
    supervisorName: invitation.supervisor.name,
    inviterName: view.inviterName,
    placement: invitation.placement,
    dates: `${day.format(invitation.startsOn)} – ${day.format(invitation.endsOn)}`,
    until: day.format(link.validUntil),
    done: page.done ? t(`placements:supervisor.done.${page.done}`) : "",
    competences: view.competences.map(({ code, record }) => {
      const node = framework ? findCompetence(framework.definition, code)?.node : undefined;
      return {
        code,
        title: node ? competenceTitle(node, locale) : code,
        badge: stateBadge(t, record?.state ?? "not_started"),
        level: framework && record?.level ? levelLabel(framework, record.level, locale) : "",
        selected: typed("observe", "code") === code,
      };
    }),
    levels: (framework?.definition.scale.levels ?? [])
      .filter((level) => level.proficient)
      .map((level) => ({
        code: level.code,
        label: localized(level.label, locale),
        selected: typed("observe", "level") === level.code,
      })),
    traces: view.traces.map((trace) => ({
      id: trace.id,
      title: trace.title,
      date: trace.date,
      placement: trace.placement,
      sections: trace.sections
        .filter((section) => section.body.trim() !== "")
        .map((section) => ({ title: localized(section.title, locale), body: section.body })),
    })),
    forms: formsOf(view, page),
    evaluation: evaluationView(invitation, { t, locale }),
    comments: invitation.comments.map((comment) => ({ at: comment.at, body: comment.body })),
  };
}

function typedIn(page: SupervisorPageView): (form: SupervisorForm, name: string) => string {
  return (form, name) => (page.refused?.form === form ? (typedValue(page.refused.values, name) ?? "") : "");
}

/** The four forms, each with what was typed when it was refused (the evaluation: else what is saved). */
function formsOf(view: SupervisorView, page: SupervisorPageView): Record<SupervisorForm, unknown> {
  const { t, locale } = page;
  const typed = typedIn(page);
  const errorsOf = (form: SupervisorForm): Record<string, string> =>
    page.refused?.form === form ? page.refused.errors : {};
  const evaluationTyped = page.refused?.form === "evaluation";
  const stored = view.invitation.evaluation;
  return {
    observe: { errors: errorsOf("observe"), comment: typed("observe", "comment") },
    evaluation: {
      errors: errorsOf("evaluation"),
      title: localized(view.form.title, locale),
      comment: evaluationTyped ? typed("evaluation", "comment") : (stored?.comment ?? ""),
      criteria: view.form.criteria.map((criterion) => {
        const field = `rating_${criterion.code}`;
        const chosen = evaluationTyped ? typed("evaluation", field) : (stored?.ratings[criterion.code] ?? "");
        return {
          field,
          label: localized(criterion.label, locale),
          error: errorsOf("evaluation")[field] ?? "",
          levels: EVALUATION_LEVELS.map((level) => ({
            value: level,
            label: t(`placements:levels.${level}`),
            checked: chosen === level,
          })),
        };
      }),
    },
    comment: { errors: errorsOf("comment"), body: typed("comment", "body") },
    concern: {
      errors: errorsOf("concern"),
      note: typed("concern", "note"),
      categories: SIGNAL_CATEGORIES.map((category) => ({
        value: category,
        label: t(`support:categories.${category}`),
        selected: typed("concern", "category") === category,
      })),
    },
  };
}
