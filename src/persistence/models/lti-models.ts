// Carnet's records of platforms, launches and sessions (ltijs keeps only the tool's keys).
import { Schema, type Connection } from "mongoose";
import { bindModels, collection, type ModelsOf } from "./collection.js";
import { courseScopeFields, personScopeFields, required } from "./fields.js";

export interface PlatformDoc {
  _id: string;
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  /** Audience of the client assertion (OAuth2 authorization server); the token URL when unset. */
  authServer?: string;
  deploymentIds: string[];
  /** Launches, services, the published key and frame-ancestors need an active platform. */
  active: boolean;
  /** Set by the first activation: a platform never activated is a pending registration. */
  activatedAt?: Date;
  /** Launched administrators of an operator platform manage every registration (invitations, activation). */
  operator?: boolean;
  /** Other web origins of the platform (a Canvas institution's domain): may frame Carnet, may host services. */
  origins?: string[];
  /** The tool key Carnet signs with for this platform (ToolKeyStore). */
  signingKid?: string;
  registration: {
    method: "dynamic" | "cli" | "admin-page";
    productFamily?: string;
    version?: string;
    /** How a dynamic registration was admitted: an operator's invitation or an allowlisted origin. */
    admittedBy?: "invitation" | "allowlist";
    invitationId?: string;
    sourceIp?: string;
    at: Date;
  };
  createdAt: Date;
  updatedAt: Date;
}

export interface LoginStateDoc {
  _id: string;
  nonce: string;
  platformId: string;
  issuer: string;
  clientId: string;
  loginHint: string;
  messageHint?: string;
  deploymentHint?: string;
  targetLinkUri: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface SessionDoc {
  _id: string;
  platformId: string;
  userId: string;
  csrfSecret: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface LaunchDoc {
  _id: string;
  sessionId: string;
  platformId: string;
  deploymentId: string;
  contextId: string | null;
  resourceLinkId: string | null;
  userId: string;
  ltiRoles: string[];
  roles: string[];
  mentees: string[];
  messageType: "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";
  locale?: string;
  returnUrl?: string;
  documentTarget?: string;
  custom: Record<string, string>;
  deepLinking?: {
    returnUrl: string;
    data?: string;
    acceptTypes: string[];
    acceptMultiple: boolean;
    acceptLineItem: boolean;
  };
  ags?: { lineitems?: string; lineitem?: string; scopes: string[] };
  nrpsUrl?: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface UserDoc {
  _id: string;
  platformId: string;
  sub: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  picture?: string;
  locale?: string;
  lastLaunchAt?: Date;
  createdAt: Date;
}

export interface CourseDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  title?: string;
  label?: string;
  types: string[];
  nrpsUrl?: string;
  rosterSyncedAt?: Date;
  lastLaunchAt?: Date;
  createdAt: Date;
}

export interface MembershipDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  userId: string;
  ltiRoles: string[];
  roles: string[];
  /** "launch" when seen in a launch, "roster" when only known from NRPS. */
  source: "launch" | "roster";
  status: "Active" | "Inactive" | "Deleted";
  /** Listed in the last NRPS roster fetched for the course. */
  inRoster?: boolean;
  lastLaunchAt?: Date;
  updatedAt: Date;
}

export interface PlacementDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
  title?: string;
  /** What the link opens, chosen by the teacher in deep linking (custom parameter "view"). */
  view: "portfolio" | "assessment" | "workspace";
  frameworkId?: string;
  graded: boolean;
  ags?: { lineitem?: string; lineitems?: string; scopes: string[] };
  /** How the placement's score is computed and shown in the LMS gradebook (chosen at deep linking). */
  grading?: { policy: "share" | "weighted" | "completion"; showRunningScore: boolean; scoreMaximum: number };
  createdAt: Date;
  updatedAt: Date;
}

const ltiCollections = {
  // Names avoid ltijs's global model names (platform, state, nonce, idtoken, …).
  Platform: collection<PlatformDoc>(
    "CarnetPlatform",
    "carnet_platforms",
    {
      ...required<PlatformDoc>(String, "issuer", "clientId", "name", "authUrl", "tokenUrl", "jwksUrl"),
      authServer: String,
      deploymentIds: { type: [String], default: [] },
      active: { type: Boolean, default: false },
      activatedAt: Date,
      operator: Boolean,
      origins: { type: [String], default: undefined },
      signingKid: String,
      registration: {
        method: { type: String, required: true },
        productFamily: String,
        version: String,
        admittedBy: String,
        invitationId: String,
        sourceIp: String,
        at: { type: Date, required: true },
      },
    },
    { timestamps: true },
  ).index({ issuer: 1, clientId: 1 }, { unique: true }),
  LoginState: collection<LoginStateDoc>(
    "CarnetLoginState",
    "carnet_login_states",
    {
      ...required<LoginStateDoc>(String, "nonce", "platformId"),
      issuer: String,
      clientId: String,
      loginHint: String,
      messageHint: String,
      deploymentHint: String,
      targetLinkUri: String,
      createdAt: { type: Date, required: true },
    },
    { expiring: true },
  ),
  Session: collection<SessionDoc>(
    "CarnetSession",
    "carnet_sessions",
    {
      ...personScopeFields("userId"),
      csrfSecret: { type: String, required: true },
      createdAt: { type: Date, required: true },
    },
    { expiring: true },
  ),
  Launch: collection<LaunchDoc>(
    "CarnetLaunch",
    "carnet_launches",
    {
      ...required<LaunchDoc>(String, "sessionId", "platformId", "deploymentId", "userId", "messageType"),
      contextId: { type: String, default: null },
      resourceLinkId: { type: String, default: null },
      ltiRoles: [String],
      roles: [String],
      mentees: [String],
      locale: String,
      returnUrl: String,
      documentTarget: String,
      custom: { type: Schema.Types.Mixed, default: {} },
      deepLinking: Schema.Types.Mixed,
      ags: Schema.Types.Mixed,
      nrpsUrl: String,
      createdAt: { type: Date, required: true },
    },
    { expiring: true, minimize: false },
  ),
  User: collection<UserDoc>("CarnetUser", "users", {
    ...personScopeFields("sub"),
    name: String,
    givenName: String,
    familyName: String,
    email: String,
    picture: String,
    locale: String,
    lastLaunchAt: Date,
    createdAt: { type: Date, required: true },
  }).index({ platformId: 1, sub: 1 }, { unique: true }),
  Course: collection<CourseDoc>("CarnetCourse", "courses", {
    ...courseScopeFields(),
    title: String,
    label: String,
    types: [String],
    nrpsUrl: String,
    rosterSyncedAt: Date,
    lastLaunchAt: Date,
    createdAt: { type: Date, required: true },
  }).index({ platformId: 1, deploymentId: 1, contextId: 1 }, { unique: true }),
  Membership: collection<MembershipDoc>("CarnetMembership", "memberships", {
    ...courseScopeFields(),
    ...required<MembershipDoc>(String, "userId", "source"),
    ltiRoles: [String],
    roles: [String],
    status: { type: String, default: "Active" },
    inRoster: Boolean,
    lastLaunchAt: Date,
    updatedAt: { type: Date, required: true },
  })
    .index({ platformId: 1, deploymentId: 1, contextId: 1, userId: 1 }, { unique: true })
    .index({ platformId: 1, userId: 1 }),
  Placement: collection<PlacementDoc>(
    "CarnetPlacement",
    "placements",
    {
      ...courseScopeFields(),
      resourceLinkId: { type: String, required: true },
      title: String,
      view: { type: String, required: true, default: "portfolio" },
      frameworkId: String,
      graded: { type: Boolean, default: false },
      ags: Schema.Types.Mixed,
      grading: Schema.Types.Mixed,
    },
    { timestamps: true },
  ).index({ platformId: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1 }, { unique: true }),
};

export type LtiModels = ModelsOf<typeof ltiCollections>;

export function ltiModels(connection: Connection): LtiModels {
  return bindModels(connection, ltiCollections);
}
