// Placement invitations in MongoDB; every change is one single-document update scoped to its platform.
import type { CourseScope } from "../domain/course.js";
import type {
  PlacementEvaluation,
  PlacementInvitation,
  PlacementInvitationStore,
  SupervisorComment,
} from "../domain/placements/invitation.js";
import type { PlacementInvitationDoc, PlacementModels } from "./models/placement-models.js";
import { RecordCollection, toDocument } from "./records.js";

function invitationOf({ _id, ...rest }: PlacementInvitationDoc): PlacementInvitation {
  return {
    id: _id,
    ...rest,
    comments: rest.comments ?? [],
    evaluation: rest.evaluation ?? null,
    mail: rest.mail ?? { pending: false, sentAt: null },
  };
}

export class PlacementInvitationRepository implements PlacementInvitationStore {
  private readonly invitations: RecordCollection<PlacementInvitationDoc, PlacementInvitation>;

  constructor(private readonly models: PlacementModels) {
    this.invitations = new RecordCollection(models.PlacementInvitation, invitationOf);
  }

  async insert(invitation: PlacementInvitation): Promise<void> {
    await this.invitations.insert(toDocument(invitation));
  }

  async byId(platformId: string, id: string): Promise<PlacementInvitation | null> {
    return this.invitations.byId(platformId, id);
  }

  async forLearner(scope: CourseScope, learnerId: string): Promise<PlacementInvitation[]> {
    const { platformId, deploymentId, contextId } = scope;
    const filter = { platformId, deploymentId, contextId, learnerId };
    return this.invitations.list(filter, { sort: { createdAt: -1 }, limit: 200 });
  }

  async setTraces(platformId: string, id: string, traceIds: string[]): Promise<void> {
    await this.models.PlacementInvitation.updateOne({ _id: id, platformId }, { $set: { traceIds } });
  }

  async setEvaluation(platformId: string, id: string, evaluation: PlacementEvaluation): Promise<void> {
    await this.models.PlacementInvitation.updateOne({ _id: id, platformId }, { $set: { evaluation } });
  }

  async pendingMail(limit: number): Promise<PlacementInvitation[]> {
    return this.invitations.list({ "mail.pending": true }, { sort: { createdAt: 1 }, limit });
  }

  async mailDone(platformId: string, id: string, sentAt: Date | null): Promise<boolean> {
    const result = await this.models.PlacementInvitation.updateOne(
      { _id: id, platformId, "mail.pending": true },
      { $set: { mail: { pending: false, sentAt } } },
    );
    return result.modifiedCount === 1;
  }

  async addComment(
    platformId: string,
    id: string,
    comment: SupervisorComment,
    max: number,
  ): Promise<boolean> {
    // The bound is part of the filter: a full list is never pushed to, whatever runs at the same time.
    const result = await this.models.PlacementInvitation.updateOne(
      { _id: id, platformId, [`comments.${max - 1}`]: { $exists: false } },
      { $push: { comments: comment } },
    );
    return result.modifiedCount === 1;
  }
}
