// One competence of one learner → its page, for the learner or a trainer: state, evidence, the
// self-assessment history, the decisions' timeline and the exchanges in separate sections, and each
// form the state machine allows now — refilled with what was typed when it comes back refused.
import { displayName, namesOf, type PeopleDirectory } from "../domain/people/people.js";
import type { CompetenceView } from "../domain/validation/competence-view.js";
import { tracesTaggedWith } from "../domain/validation/evidence-progress.js";
import { emptyRecord } from "../domain/validation/offered-actions.js";
import { isPending } from "../domain/validation/states.js";
import {
  learnerPath,
  scanPath,
  traceLinker,
  type PresenterView,
  type TraceLink,
} from "./validation-links.js";
import {
  commentView,
  competenceInfo,
  levelLabel,
  levelOptions,
  localized,
  recordSummary,
  selfAssessmentView,
  selfLevelOptions,
  timelineView,
} from "./validation.js";
import { nameOr } from "./person-name.js";

/** The page's forms; each field's id is `<form>-<field>` (the error summary links to it). */
export const COMPETENCE_FORMS = [
  "self",
  "resubmit",
  "proposal",
  "comments",
  "decide",
  "withdraw",
  "observe",
  "propose",
  "paper",
] as const;
export type CompetenceForm = (typeof COMPETENCE_FORMS)[number];

export type FormValues = Readonly<Record<string, string | string[]>>;

/** A form sent back: which one, what was typed, a message per field. */
export interface SentForm {
  form: CompetenceForm;
  values: FormValues;
  errors: Readonly<Record<string, string>>;
}

export interface CompetencePageOptions {
  sent?: SentForm;
  /** Someone changed the competence since the page was shown: nothing was recorded. */
  conflict?: boolean;
  /** The confirmation of what was just done (`validation:done.<key>`). */
  done?: string;
}

interface FormView {
  comment: string;
  externalName: string;
  errors: Readonly<Record<string, string>>;
  open: boolean;
}

function text(values: FormValues, name: string): string {
  const value = values[name];
  return typeof value === "string" ? value : (value?.at(-1) ?? "");
}

function list(values: FormValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : value ? [value] : [];
}

function formsOf(sent: SentForm | undefined): Record<CompetenceForm, FormView> {
  const entries = COMPETENCE_FORMS.map((form) => {
    const mine = sent?.form === form ? sent : undefined;
    const values = mine?.values ?? {};
    const view: FormView = {
      comment: text(values, "comment"),
      externalName: text(values, "externalName"),
      errors: mine?.errors ?? {},
      open: Boolean(mine),
    };
    return [form, view] as const;
  });
  return Object.fromEntries(entries) as Record<CompetenceForm, FormView>;
}

/** The fields each form shows (the others are hidden or buttons: the link goes to the form). */
const SHOWN_FIELDS: Record<CompetenceForm, readonly string[]> = {
  self: ["level", "comment", "traceIds"],
  resubmit: ["comment", "traceIds"],
  proposal: ["comment"],
  comments: ["comment"],
  decide: ["level", "comment"],
  withdraw: ["comment"],
  observe: ["level", "comment"],
  propose: ["level", "comment", "traceIds"],
  paper: ["externalName", "level", "comment", "scan"],
};

/** Where the error summary's links go: the field of the form that came back, else the form. */
function anchorsOf(sent: SentForm | undefined): Record<string, string> {
  if (!sent) return {};
  const shown = SHOWN_FIELDS[sent.form];
  return Object.fromEntries(
    Object.keys(sent.errors).map((field) => {
      const name = field === "traces" ? "traceIds" : field;
      // An action no form of the page sends: the trainer's actions as a whole.
      if (name === "action") return [field, "actions-title"];
      return [field, shown.includes(name) ? `${sent.form}-${name}` : `${sent.form}-form`];
    }),
  );
}

export async function presentCompetencePage(
  page: CompetenceView,
  options: CompetencePageOptions,
  view: PresenterView & { people: Pick<PeopleDirectory, "people"> },
): Promise<Record<string, unknown> & { title: string }> {
  const { t, locale, base } = view;
  const { framework, record, rules, learnerId } = page;
  const snapshot = record ?? emptyRecord(learnerId);
  const info = competenceInfo(framework, page.code, locale);
  const values = options.sent?.values ?? {};
  const tagged = tracesTaggedWith(page.traces, framework.id, page.code);
  // The learner's forms start with the traces tagged with this competence ticked (what they would cite).
  const ticked = new Set(
    options.sent || page.viewer !== "learner" ? list(values, "traceIds") : tagged.map((trace) => trace.id),
  );
  return {
    title: `${page.code} · ${info?.title ?? ""}`,
    isLearner: page.viewer === "learner",
    learner: { name: page.learner ? displayName(page.learner) : "", fileHref: learnerPath(base, learnerId) },
    competence: info,
    framework: { id: framework.id, title: localized(framework.definition.title, locale) },
    summary: recordSummary(t, locale, framework, record ?? undefined, page.now, rules, tagged.length),
    double: rules.validationsRequired >= 2,
    rev: snapshot.rev,
    ...(await historyOf(page, view)),
    can: { ...page.offered, comment: page.can.comment },
    alreadyApproved: page.alreadyApproved,
    levels: selfLevelOptions(framework, locale, text(values, "level") || record?.selfLevel),
    proficientLevels: levelOptions(framework, locale, text(values, "level") || undefined, true),
    traces: page.traces.map((trace) => ({ ...trace, checked: ticked.has(trace.id) })),
    hasTraces: page.traces.length > 0,
    forms: formsOf(options.sent),
    fieldAnchors: anchorsOf(options.sent),
    conflict: options.conflict ?? false,
    done: options.done ? t(`validation:done.${options.done}`) : "",
    ...links(page, base),
  };
}

/** What happened so far: the evidence, the decisions, the self-assessments, the exchanges, a proposal. */
async function historyOf(
  page: CompetenceView,
  view: PresenterView & { people: Pick<PeopleDirectory, "people"> },
): Promise<Record<string, unknown>> {
  const { t, locale, base } = view;
  const { framework, record, comments } = page;
  const snapshot = record ?? emptyRecord(page.learnerId);
  const names = await namesOf(view.people, page.scope.platformId, [
    ...snapshot.timeline.map((entry) => entry.actorId),
    ...comments.map((comment) => comment.authorId),
    ...snapshot.assignedValidatorIds,
    ...(record?.proposal ? [record.proposal.by] : []),
  ]);
  const nameOf = (id: string): string => nameOr(names, id, t);
  const link = traceLinker(base, new Map(page.traces.map((trace) => [trace.id, trace.title])), t);
  const cited = (ids: readonly string[], revisions: readonly number[]): TraceLink[] =>
    ids.map((id, index) => link(id, revisions[index] ?? 0));
  const timeline = timelineView(t, locale, framework, snapshot.timeline, names, link, (scanId) =>
    scanPath(base, scanId),
  );
  const evidence = record?.evidence;
  const proposal = record?.proposal;
  return {
    answerers: isPending(snapshot.state)
      ? snapshot.assignedValidatorIds.length > 0
        ? snapshot.assignedValidatorIds.map(nameOf).join(", ")
        : t("validation:answerers.courseTrainers")
      : "",
    evidence: evidence
      ? {
          justification: evidence.justification,
          version: snapshot.evidenceVersion,
          traces: cited(evidence.traceIds, evidence.traceRevisions),
        }
      : null,
    selfHistory: selfAssessmentView(locale, framework, page.history, link),
    timeline,
    lastDecision: timeline.find((entry) => entry.decision) ?? null,
    comments: commentView(t, comments, names),
    proposal: proposal
      ? {
          by: nameOf(proposal.by),
          level: levelLabel(framework, proposal.level, locale),
          comment: proposal.comment,
          at: proposal.at,
          traces: cited(proposal.traceIds, proposal.traceRevisions),
        }
      : null,
  };
}

function links(page: CompetenceView, base: string): Record<string, string> {
  const isLearner = page.viewer === "learner";
  const own = `${base}/competences`;
  const file = learnerPath(base, page.learnerId);
  const path = `/${encodeURIComponent(page.framework.id)}/${encodeURIComponent(page.code)}`;
  return {
    pageBase: `${isLearner ? own : `${file}/competences`}${path}`,
    requestHref: `${base}/requests/new?code=${encodeURIComponent(page.code)}`,
    portfolioHref: isLearner ? `${base}/traces` : `${file}/traces`,
    backHref: isLearner ? own : file,
  };
}
