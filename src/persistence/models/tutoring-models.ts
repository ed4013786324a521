// Tutoring relations (tutor ↔ learner per platform, with their history) and tutoring groups. Relations
// written before the history existed have no `from`/`kind`/`source`: they read as current tutor
// relations made in Carnet since `createdAt`.
import type { Connection } from "mongoose";
import { personScopeFields, required } from "./fields.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";

export interface TutoringRelationDoc {
  _id: string;
  platformId: string;
  tutorId: string;
  learnerId: string;
  /** "tutor" (default) or "peer". */
  kind?: string;
  /** The tutoring group both belong to (4–10 learners with the same tutor), when there is one. */
  groupId?: string;
  /** "carnet" (default), "import" or "lti". */
  source?: string;
  /** The course the relation was made from (it spans the platform's courses). */
  createdIn?: { deploymentId: string; contextId: string };
  createdBy?: string;
  createdAt: Date;
  /** Start of the relation (createdAt for older records). */
  from?: Date;
  /** End of the relation; absent while it holds. */
  to?: Date;
  endedBy?: string;
  endReason?: string;
  /**
   * `<platform>␀<tutor>␀<learner>` while the relation holds, removed when it ends: a unique sparse index
   * on it lets one current relation per pair exist while any number of past ones are kept.
   */
  activeKey?: string;
}

/** A tutoring group (about 4–6 learners with the same tutor), made by a teacher of a course. */
export interface TutoringGroupDoc {
  _id: string;
  platformId: string;
  name: string;
  tutorId: string;
  /** "tutor" (default) or "peer". */
  kind?: string;
  createdIn: { deploymentId: string; contextId: string };
  createdBy: string;
  createdAt: Date;
  removedAt?: Date;
}

const tutoringCollections = {
  TutoringRelation: collection<TutoringRelationDoc>("CarnetTutoringRelation", "tutoring_relations", {
    ...personScopeFields("tutorId"),
    learnerId: { type: String, required: true },
    kind: String,
    groupId: String,
    source: String,
    createdIn: { deploymentId: String, contextId: String },
    createdBy: String,
    createdAt: { type: Date, required: true },
    from: Date,
    to: Date,
    endedBy: String,
    endReason: String,
    activeKey: String,
  })
    .index({ activeKey: 1 }, { unique: true, sparse: true })
    .index({ platformId: 1, tutorId: 1, to: 1 })
    .index({ platformId: 1, learnerId: 1 })
    .index({ platformId: 1, groupId: 1 }),
  TutoringGroup: collection<TutoringGroupDoc>("CarnetTutoringGroup", "tutoring_groups", {
    ...required<TutoringGroupDoc>(String, "platformId", "name", "tutorId", "createdBy"),
    kind: String,
    createdIn: { deploymentId: String, contextId: String },
    createdAt: { type: Date, required: true },
    removedAt: Date,
  })
    .index({ platformId: 1, "createdIn.deploymentId": 1, "createdIn.contextId": 1 })
    .index({ platformId: 1, tutorId: 1 }),
};

export type TutoringModels = ModelsOf<typeof tutoringCollections>;

export function tutoringModels(connection: Connection): TutoringModels {
  return bindModels(connection, tutoringCollections);
}
