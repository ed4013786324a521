// One-time, expiring Dynamic Registration URLs created by an operator. Only a hash of the secret part
// is stored; using an invitation is one atomic update, so two registrations cannot share one.
import { randomBytes } from "node:crypto";
import type { Connection, Model } from "mongoose";
import type { Clock } from "../clock.js";
import { collection } from "./models/collection.js";
import { hashToken, randomToken } from "./session-store.js";
import { required } from "./models/fields.js";

export interface InvitationDoc {
  _id: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** Who created it (an operator label or a launched administrator's platform/user ids). */
  createdBy: string;
  note?: string;
  /** Registrations made with it are flagged operator platforms. */
  operator?: boolean;
  usedAt?: Date;
  platformId?: string;
  revokedAt?: Date;
}

export type InvitationState = "open" | "used" | "expired" | "revoked";

const registrationInvitations = collection<InvitationDoc>(
  "CarnetRegistrationInvitation",
  "carnet_registration_invitations",
  {
    ...required<InvitationDoc>(String, "tokenHash", "createdBy"),
    ...required<InvitationDoc>(Date, "createdAt", "expiresAt"),
    note: String,
    operator: Boolean,
    usedAt: Date,
    platformId: String,
    revokedAt: Date,
  },
).index({ tokenHash: 1 }, { unique: true });

export function invitationModel(connection: Connection): Model<InvitationDoc> {
  return registrationInvitations.model(connection);
}

export class RegistrationInvitations {
  constructor(
    private readonly Invitation: Model<InvitationDoc>,
    private readonly clock: Clock,
  ) {}

  /** The secret token is returned once, here; only its hash is kept. */
  async create(input: {
    validForMs: number;
    createdBy: string;
    note?: string;
    operator?: boolean;
  }): Promise<{ invitation: InvitationDoc; token: string }> {
    const token = randomToken(24);
    const now = this.clock.now();
    const invitation: InvitationDoc = {
      _id: `inv_${randomBytes(6).toString("base64url")}`,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.validForMs),
      createdBy: input.createdBy,
      ...(input.note ? { note: input.note } : {}),
      ...(input.operator ? { operator: true } : {}),
    };
    await this.Invitation.create(invitation);
    return { invitation, token };
  }

  /** The invitation behind a token, if it can still be used. */
  async findUsable(token: string): Promise<InvitationDoc | null> {
    const found = await this.Invitation.findOne({ tokenHash: hashToken(token) }).lean<InvitationDoc>();
    return found && this.stateOf(found) === "open" ? found : null;
  }

  /** Marks the invitation used by this platform; null when another registration used it first. */
  async consume(token: string, platformId: string): Promise<InvitationDoc | null> {
    const now = this.clock.now();
    return this.Invitation.findOneAndUpdate(
      {
        tokenHash: hashToken(token),
        usedAt: { $exists: false },
        revokedAt: { $exists: false },
        expiresAt: { $gt: now },
      },
      { $set: { usedAt: now, platformId } },
      { new: true },
    ).lean<InvitationDoc>();
  }

  async revoke(id: string): Promise<InvitationDoc | null> {
    return this.Invitation.findOneAndUpdate(
      { _id: id, usedAt: { $exists: false }, revokedAt: { $exists: false } },
      { $set: { revokedAt: this.clock.now() } },
      { new: true },
    ).lean<InvitationDoc>();
  }

  async list(limit = 100): Promise<InvitationDoc[]> {
    return this.Invitation.find().sort({ createdAt: -1 }).limit(limit).lean<InvitationDoc[]>();
  }

  stateOf(invitation: InvitationDoc): InvitationState {
    if (invitation.revokedAt) return "revoked";
    if (invitation.usedAt) return "used";
    return invitation.expiresAt.getTime() <= this.clock.now().getTime() ? "expired" : "open";
  }
}
