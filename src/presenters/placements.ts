// Placement invitations as their inviters see them (the learner, or a formateur who follows her): the
// invitation form, each invitation with its state and link to send, and for the learner the traces she
// shares with each supervisor.
import type { StoredFramework } from "../domain/frameworks/catalog.js";
import { leafCompetences } from "../domain/frameworks/framework.js";
import { evaluationFormByKey } from "../domain/placements/evaluation-forms.js";
import type { PlacementInvitation } from "../domain/placements/invitation.js";
import type { InvitationRow } from "../domain/placements/invitations.js";
import type { Trace } from "../domain/portfolio/types.js";
import { dateTimeFormat } from "../i18n/format.js";
import { typedValue, type FormPageView } from "./typed-values.js";
import { competenceTitle, localized } from "./validation.js";

type View = FormPageView;

export interface InvitationsInput {
  rows: InvitationRow[];
  framework: StoredFramework | null;
  /** The learner's own traces (only on her own page: she alone shares them). */
  traces: Trace[] | null;
  learnerName: string;
  /** Where this page's forms post: `${base}/placements` or `${base}/learners/<id>/placements`. */
  path: string;
  /** Carnet's public address: supervisors open their links outside any LMS. */
  baseUrl: string;
  /** Which invitation a refused traces form was about. */
  tracesFormOf?: string;
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function presentInvitations(
  input: InvitationsInput,
  view: View,
): Record<string, unknown> & { title: string } {
  const { t, locale, values } = view;
  const day = dateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const pickedCodes = new Set(asList(values?.competences));
  const own = input.traces !== null;
  return {
    title: own ? t("placements:list.titleOwn") : t("placements:list.titleFor", { name: input.learnerName }),
    own,
    action: input.path,
    errors: view.errors ?? {},
    typed: {
      name: typedValue(values, "name") ?? "",
      email: typedValue(values, "email") ?? "",
      placement: typedValue(values, "placement") ?? "",
      startsOn: typedValue(values, "startsOn") ?? "",
      endsOn: typedValue(values, "endsOn") ?? "",
    },
    competences: input.framework
      ? leafCompetences(input.framework.definition).map(({ node }) => ({
          code: node.code,
          title: competenceTitle(node, locale),
          checked: pickedCodes.has(node.code),
        }))
      : [],
    invitations: input.rows.map(({ invitation, state, token }) => {
      const refused = input.tracesFormOf === invitation.id;
      const picked = new Set(refused ? asList(values?.traces) : invitation.traceIds);
      return {
        id: invitation.id,
        name: invitation.supervisor.name,
        email: invitation.supervisor.email,
        placement: invitation.placement,
        dates: `${day.format(invitation.startsOn)} – ${day.format(invitation.endsOn)}`,
        state,
        stateLabel: t(`placements:state.${state}`),
        url: token ? `${input.baseUrl}/stage/open/${token}` : null,
        revokeAction:
          state === "revoked" || state === "expired" ? null : `${input.path}/${invitation.id}/revoke`,
        evaluation: evaluationView(invitation, view),
        comments: invitation.comments.map((comment) => ({ at: comment.at, body: comment.body })),
        tracesAction: own ? `${input.path}/${invitation.id}/traces` : null,
        tracesError: refused ? view.errors?.traces : undefined,
        sharedCount: invitation.traceIds.length,
        traces: (input.traces ?? []).map((trace) => ({
          id: trace.id,
          title: trace.title,
          date: trace.date,
          checked: picked.has(trace.id),
        })),
      };
    }),
  };
}

/** What the supervisor rated, criterion by criterion, in the words of the form they filled. */
export function evaluationView(
  invitation: Pick<PlacementInvitation, "evaluation">,
  view: Pick<View, "t" | "locale">,
): { at: Date; comment: string; ratings: { label: string; level: string }[] } | null {
  const { evaluation } = invitation;
  if (!evaluation) return null;
  const form = evaluationFormByKey(evaluation.formKey);
  return {
    at: evaluation.at,
    comment: evaluation.comment,
    ratings: form.criteria.map((criterion) => {
      const level = evaluation.ratings[criterion.code];
      return {
        label: localized(criterion.label, view.locale),
        level: level ? view.t(`placements:levels.${level}`) : "",
      };
    }),
  };
}
