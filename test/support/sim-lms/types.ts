/** Public types of the simulated LMS (re-exported by index.ts). */
import type { JwtHeader, JwtPayload } from "./jwt-keys.js";

export type LtiMessageType = "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";

/** A tool as the LMS knows it, with the platform values the tool must be configured with. */
export interface ToolRegistration {
  clientId: string;
  /** Moodle deployment ids are the tool type id as a string: "1", "2", … */
  deploymentIds: string[];
  /** Platform values, to register the platform on the tool side. */
  issuer: string;
  authUrl: string;
  tokenUrl: string;
  /** The platform's JWKS URL. */
  jwksUrl: string;
  openidConfigurationUrl: string;
  /** Scopes the tool may obtain at the token endpoint. */
  scopes: string[];
  source: "manual" | "dynamic";
  tool: {
    baseUrl: string;
    name: string;
    loginUrl: string;
    redirectUris: string[];
    /** The tool's JWKS URL (used to verify its client assertions and deep-linking responses). */
    jwksUrl: string;
    targetLinkUri: string;
    /** target_link_uri for LtiDeepLinkingRequest (Moodle: the DL message's target_link_uri, else the tool URL). */
    deepLinkingUrl: string;
    customParameters: Record<string, string>;
  };
}

export interface RegisterToolInput {
  /** e.g. http://127.0.0.1:3000; the default endpoint URLs derive from it. */
  toolBaseUrl: string;
  clientId?: string;
  deploymentIds?: string[];
  /** Default `<toolBaseUrl>/lti/login`. */
  loginUrl?: string;
  /** Default [`<toolBaseUrl>/lti/launch`]. */
  redirectUris?: string[];
  /** The tool's JWKS. Default `<toolBaseUrl>/lti/keys`. */
  jwksUrl?: string;
  /** Default `<toolBaseUrl>/lti/launch` (what Moodle's fixture shows). */
  targetLinkUri?: string;
  deepLinkingUrl?: string;
  name?: string;
  /** Default: all AGS scopes and NRPS (an admin enabling every service in "Manage tools"). */
  scopes?: string[];
  customParameters?: Record<string, string>;
}

export type MemberStatus = "Active" | "Inactive" | "Deleted";

export interface Member {
  userId: string;
  /** Short ("Learner", "Instructor", "Mentor", "Administrator") or full role URIs. */
  roles: string[];
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  picture?: string;
  /** Moodle username (sent as ext.user_username and NRPS ext_user_username). */
  username?: string;
  status?: MemberStatus;
}

export interface Course {
  id: string;
  label: string;
  title: string;
  members: Member[];
}

export interface AddCourseInput {
  id?: string;
  label?: string;
  title?: string;
  members?: Member[];
}

export interface LaunchUser {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  picture?: string;
  locale?: string;
  username?: string;
}

export interface LaunchContext {
  id: string;
  label?: string;
  title?: string;
  type?: string[];
}

export interface ResourceLinkInput {
  id: string;
  title?: string;
  description?: string;
}

export interface DeepLinkingSettingsInput {
  accept_types?: string[];
  accept_presentation_document_targets?: string[];
  accept_media_types?: string;
  accept_multiple?: boolean;
  accept_lineitem?: boolean;
  auto_create?: boolean;
  title?: string;
  text?: string;
  /** Opaque value the tool must echo; default: a random string. `null` sends none. */
  data?: string | null;
  deep_link_return_url?: string;
}

export interface AgsLaunchOptions {
  /**
   * The `lineitem` of the claim: by default the resource link's own line item (created on first
   * launch like a graded Moodle activity, label = resource link title, scoreMaximum 100).
   * `false` sends only `lineitems`, like an activity that does not accept grades.
   */
  lineItem?: boolean | { label?: string; scoreMaximum?: number; tag?: string; resourceId?: string };
}

/** Ways to forge a bad launch (applied by /auth when it builds the id_token). */
export interface Tamper {
  /** Change the payload just before signing (return a new object or mutate in place). */
  mutatePayload?: (payload: JwtPayload) => JwtPayload | void;
  mutateHeader?: (header: JwtHeader) => JwtHeader | void;
  /**
   * - platform: the LMS's current key (default)
   * - foreign-key: a valid RS256 signature by a key the LMS does not publish (kid = the platform's)
   * - hs256-with-public-key: alg HS256 keyed with the platform's public key PEM (algorithm confusion)
   * - none: alg "none", empty signature
   */
  signWith?: "platform" | "foreign-key" | "hs256-with-public-key" | "none";
  /** Header kid to send instead of the signing key's. */
  kid?: string;
  omitNonce?: boolean;
  /** Nonce to put in the id_token instead of the one the tool sent. */
  nonce?: string;
  /** Post this string as id_token instead of a JWT. */
  rawIdToken?: string;
  /** Post this state instead of echoing the tool's. */
  state?: string;
}

export interface LaunchSpec {
  tool: ToolRegistration;
  /** Default: the tool's first deployment id. */
  deploymentId?: string;
  user: LaunchUser;
  /** Short or full URIs; default: the user's roles in the context, else ["Learner"]. */
  roles?: string[];
  /** LTI 1.3 role_scope_mentor (Mentor launches): the user ids (subs) of the mentees. */
  roleScopeMentor?: string[];
  /**
   * The course. Undefined: the default course ("2", "C2I2E-TEST", created on demand). null: no
   * context (no context, AGS or NRPS claims). An unknown id creates the course.
   */
  context?: LaunchContext | null;
  /** Default: the context's default resource link ("Portfolio C2i2e (Carnet)"). */
  resourceLink?: ResourceLinkInput;
  messageType?: LtiMessageType;
  custom?: Record<string, string>;
  targetLinkUri?: string;
  deepLinkingSettings?: DeepLinkingSettingsInput;
  /** Default true when there is a context and the tool has AGS scopes. */
  ags?: boolean | AgsLaunchOptions;
  /** Default true when there is a context and the tool has the NRPS scope. */
  nrps?: boolean;
  /** launch_presentation.locale; default user.locale, else "en" (as in the fixtures). */
  locale?: string;
  documentTarget?: "iframe" | "window" | "frame";
  /**
   * Users who launch are enrolled in the context when they are not members yet (Moodle only lets
   * enrolled users launch). Set false to launch as a non-member.
   */
  enrol?: boolean;
  /** How launch() calls the tool's login URL: GET (default) or POST (Moodle's auto-submitted form). */
  loginMethod?: "GET" | "POST";
  tamper?: Tamper;
}

export interface PreparedLaunch {
  launchId: string;
  tool: ToolRegistration;
  deploymentId: string;
  messageType: LtiMessageType;
  /** The OIDC third-party login initiation parameters (LTI Security Framework §5.1.1.1). */
  loginParams: Record<string, string>;
  /** The tool's login URL with `loginParams` in the query. */
  loginUrl: string;
  loginHint: string;
  ltiMessageHint: string;
  contextId: string | undefined;
  resourceLinkId: string | undefined;
  spec: LaunchSpec;
}

export interface IssuedIdToken {
  launchId: string;
  at: number;
  idToken: string;
  header: JwtHeader;
  payload: JwtPayload;
  redirectUri: string;
  state: string | undefined;
}

export interface AuthRequestRecord {
  at: number;
  method: string;
  params: Record<string, string>;
  status: number;
  error?: string;
}

export interface LineItem {
  id: string;
  contextId: string;
  label: string;
  scoreMaximum: number;
  resourceId: string;
  tag: string;
  resourceLinkId: string | undefined;
  startDateTime: string | undefined;
  endDateTime: string | undefined;
  /** The activity's own grade item (created by a launch or a deep-linking item), as opposed to one the tool POSTed. */
  coupled: boolean;
  clientId: string | undefined;
}

export interface ScoreRecord {
  lineItemId: string;
  contextId: string;
  clientId: string | undefined;
  body: unknown;
  status: number;
  reason: string | undefined;
  receivedAt: number;
}

export interface GradebookEntry {
  userId: string;
  /** null when the score was not FullyGraded (Moodle drops scoreGiven then). */
  scoreGiven: number | null;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  comment: string | undefined;
  receivedAt: number;
}

export interface TokenRequestRecord {
  at: number;
  params: Record<string, string>;
  clientId: string | undefined;
  status: number;
  error?: string;
  errorDescription?: string;
  grantedScopes?: string[];
}

export type ServiceKind = "token" | "ags" | "nrps";

export interface ServiceCall {
  at: number;
  kind: ServiceKind;
  method: string;
  /** Path and query as received. */
  url: string;
  /** Undefined while pending (a hung request stays pending). */
  status: number | undefined;
  clientId: string | undefined;
  injected: "fail" | "delay" | "hang" | undefined;
}

export interface RegistrationRecord {
  at: number;
  registrationToken: string | undefined;
  status: number;
  error?: string;
  /** The tool's registration JSON as received. */
  request: unknown;
  response?: unknown;
  clientId?: string;
  deploymentId?: string;
}

export interface ResourceLinkRecord {
  id: string;
  contextId: string;
  title: string;
  description: string;
  clientId: string | undefined;
  /** From a deep-linking content item: used as target_link_uri of later launches. */
  url: string | undefined;
  custom: Record<string, string>;
}

export interface DeepLinkResponseRecord {
  at: number;
  status: number;
  error?: string;
  clientId?: string;
  deploymentId?: string;
  contextId?: string;
  header?: JwtHeader;
  payload?: JwtPayload;
  contentItems: unknown[];
  createdResourceLinks: ResourceLinkRecord[];
  createdLineItems: LineItem[];
}
