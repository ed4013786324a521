// Who hears of one action on one competence: the learner of a decision, withdrawal or proposal; the
// proposer of the learner's answer; the validators of a resubmission.
import type { Actor } from "../actor.js";
import type { CourseScope, NewNotification, TeachingDirectory } from "./ports.js";
import type { CompetenceRecord } from "./records.js";
import type { ValidationAction } from "./states.js";

export async function notificationsFor(
  directory: Pick<TeachingDirectory, "courseValidators">,
  action: ValidationAction,
  record: CompetenceRecord,
  actor: Actor,
  before: CompetenceRecord,
): Promise<NewNotification[]> {
  const scope: CourseScope = {
    platformId: record.platformId,
    deploymentId: record.deploymentId,
    contextId: record.contextId,
  };
  const code = encodeURIComponent(record.competenceCode);
  const learnerPath = `competences/${record.frameworkId}/${code}`;
  const validatorPath = `learners/${record.learnerId}/competences/${record.frameworkId}/${code}`;
  const toLearner = (
    kind: NewNotification["kind"],
    params: Record<string, string | number>,
  ): NewNotification[] => [
    {
      ...scope,
      userId: record.learnerId,
      kind,
      params: { code: record.competenceCode, by: actor.userId, ...params },
      path: learnerPath,
      email: true,
    },
  ];
  switch (action) {
    case "ask_more_evidence":
      // The learner is asked for something: the link opens the form that completes it.
      return toLearner("decision", { validated: 0, approved: 0, moreEvidence: 1, commented: 0 }).map(
        (notification) => ({ ...notification, path: `${learnerPath}#resubmit-title` }),
      );
    case "validate":
    case "observe":
    case "record_paper":
      return toLearner("decision", {
        validated: record.state === "validated" ? 1 : 0,
        approved: record.state !== "validated" ? 1 : 0,
        moreEvidence: 0,
        commented: 0,
      });
    case "withdraw":
      return toLearner("withdrawn", {});
    case "propose":
      return toLearner("proposal", {});
    case "accept_proposal":
    case "decline_proposal": {
      const proposer = before.proposal?.by;
      if (!proposer) return [];
      const accepted = action === "accept_proposal" ? 1 : 0;
      return [
        {
          ...scope,
          userId: proposer,
          kind: "proposal_answered",
          params: { code: record.competenceCode, by: actor.userId, accepted },
          path: validatorPath,
        },
      ];
    }
    case "resubmit": {
      const recipients =
        record.assignedValidatorIds.length > 0
          ? record.assignedValidatorIds
          : await directory.courseValidators(scope);
      return recipients
        .filter((id) => id !== record.learnerId)
        .map((userId) => ({
          ...scope,
          userId,
          kind: "resubmitted" as const,
          params: { code: record.competenceCode, learnerId: record.learnerId },
          path: record.requestId ? `validation/requests/${record.requestId}` : validatorPath,
        }));
    }
    default:
      return [];
  }
}
