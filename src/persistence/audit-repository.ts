// The audit log in MongoDB: one document per event, newest first, filtered by tenant for LMS admins.
import { randomUUID } from "node:crypto";
import { Schema, type Connection, type FilterQuery, type Model } from "mongoose";
import {
  boundedDetails,
  type AuditEntry,
  type AuditEvent,
  type AuditLog,
  type AuditQuery,
} from "../domain/audit/audit-log.js";
import { collection } from "./models/collection.js";
import { required } from "./models/fields.js";

interface AuditDoc extends AuditEvent {
  _id: string;
}

const auditEvents = collection<AuditDoc>(
  "CarnetAuditEvent",
  "carnet_audit_events",
  {
    ...required<AuditDoc>(String, "action", "outcome"),
    actor: {
      kind: { type: String, required: true },
      platformId: String,
      userId: String,
      label: String,
      ip: String,
    },
    target: { type: { type: String }, id: String },
    tenant: { platformId: String, deploymentId: String, contextId: String },
    details: Schema.Types.Mixed,
    at: { type: Date, required: true },
  },
  { minimize: true },
)
  .index({ at: -1 })
  .index({ "tenant.platformId": 1, at: -1 });

export function auditModel(connection: Connection): Model<AuditDoc> {
  return auditEvents.model(connection);
}

const MAX_LIST = 500;

export class AuditRepository implements AuditLog {
  constructor(private readonly Audit: Model<AuditDoc>) {}

  async record(event: AuditEvent): Promise<void> {
    await this.Audit.create({ ...event, details: boundedDetails(event.details), _id: randomUUID() });
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const filter: FilterQuery<AuditDoc> = {};
    if (query.platformIds) filter["tenant.platformId"] = { $in: [...query.platformIds] };
    if (query.action?.endsWith(".")) filter.action = { $regex: `^${escapeRegex(query.action)}` };
    else if (query.action) filter.action = query.action;
    if (query.before) filter.at = { $lt: query.before };
    const docs = await this.Audit.find(filter)
      .sort({ at: -1 })
      .limit(Math.min(Math.max(query.limit, 1), MAX_LIST))
      .lean<AuditDoc[]>();
    return docs.map(({ _id, ...event }) => ({ ...event, id: _id }));
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
