/**
 * Launch preparation (what Moodle does before the OIDC flow) and the full browser flow:
 * login initiation → tool redirects to /auth → auto-submitted form → tool's redirect_uri → final page.
 */
import { randomInt } from "node:crypto";
import type { Browser, BrowserResponse } from "./browser.js";
import type { LaunchClaimsInput } from "./claims.js";
import { DEFAULT_COURSE } from "./courses.js";
import { parseAutoSubmitForm } from "./html-form.js";
import { AGS_SCOPES, SCOPE, toRoleUris } from "./lti-vocabulary.js";
import { randomId } from "./platform-state.js";
import type { PlatformState } from "./platform-state.js";
import type {
  Course,
  IssuedIdToken,
  LaunchSpec,
  LaunchUser,
  PreparedLaunch,
  ResourceLinkRecord,
} from "./types.js";

export interface LaunchResult {
  prepared: PreparedLaunch;
  /** The tool's answer to the login initiation (a redirect to /auth). */
  loginResponse: BrowserResponse;
  /** The parameters the tool sent to /auth (nonce, state, redirect_uri, prompt, response_mode, …). */
  authRequest: URLSearchParams;
  /** The LMS's auto-submit page. */
  authResponse: BrowserResponse;
  /** Where the form posts (the tool's redirect_uri). */
  formAction: string;
  /** The fields posted: replay them with browser.post(formAction, { id_token: idToken, state }). */
  idToken: string;
  state: string;
  /** The tool's answer to the POST of id_token + state, before following redirects. */
  launchPost: BrowserResponse;
  /** After following the tool's redirects (GET). */
  final: BrowserResponse;
  /** The id_token as the LMS built it (header/payload before signing). */
  issued: IssuedIdToken | undefined;
}

/** A step of the flow before the launch POST did not go as a platform expects. */
export class LaunchFlowError extends Error {
  constructor(
    readonly step: "login" | "auth",
    message: string,
    readonly response: BrowserResponse,
  ) {
    super(
      `${step}: ${message} (HTTP ${response.status} from ${response.url}): ${response.text.slice(0, 300)}`,
    );
    this.name = "LaunchFlowError";
  }
}

function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return target.toString();
}

export function prepareLaunch(state: PlatformState, spec: LaunchSpec): PreparedLaunch {
  const tool = state.tools.get(spec.tool.clientId);
  if (!tool) throw new Error(`tool ${spec.tool.clientId} is not registered with this LMS`);
  const deploymentId = spec.deploymentId ?? tool.deploymentIds[0] ?? "1";
  const messageType = spec.messageType ?? "LtiResourceLinkRequest";
  const isDeepLinking = messageType === "LtiDeepLinkingRequest";

  let course: Course | undefined;
  if (spec.context !== null) {
    const ctx = spec.context ?? { id: DEFAULT_COURSE.id };
    course = state.courses.ensureCourse(ctx.id, ctx.label, ctx.title);
  }
  const member = course && state.courses.member(course.id, spec.user.sub);
  const roles = spec.roles ?? member?.roles ?? ["Learner"];
  // Names and email come from the spec, else from the course membership (as Moodle reads the user record).
  const user: LaunchUser = {
    ...spec.user,
    name: spec.user.name ?? member?.name,
    given_name: spec.user.given_name ?? member?.givenName,
    family_name: spec.user.family_name ?? member?.familyName,
    email: spec.user.email ?? member?.email,
    picture: spec.user.picture ?? member?.picture,
    username: spec.user.username ?? member?.username,
  };
  if (course && !member && spec.enrol !== false) {
    state.courses.addMember(course.id, {
      userId: user.sub,
      roles,
      name: user.name,
      givenName: user.given_name,
      familyName: user.family_name,
      email: user.email,
      picture: user.picture,
      username: user.username,
    });
  }

  let link: ResourceLinkRecord | undefined;
  if (!isDeepLinking) {
    const contextKey = course?.id ?? "";
    if (spec.resourceLink) {
      link =
        state.courses.resourceLink(spec.resourceLink.id) ??
        state.courses.createResourceLink(contextKey, { ...spec.resourceLink, clientId: tool.clientId });
    } else {
      link = state.courses.defaultResourceLink(contextKey, tool.clientId);
    }
  }
  const resourceLinkClaim = link && {
    id: link.id,
    title: spec.resourceLink?.title ?? link.title,
    description: spec.resourceLink?.description ?? link.description,
  };

  const agsScopes = AGS_SCOPES.filter((scope) => tool.scopes.includes(scope));
  const agsOptions = typeof spec.ags === "object" ? spec.ags : {};
  let ags: LaunchClaimsInput["ags"];
  if (course && spec.ags !== false && agsScopes.length > 0) {
    ags = { scope: agsScopes, lineitems: state.lineItemsUrl(course.id, deploymentId) };
    if (link && agsOptions.lineItem !== false) {
      const wanted = typeof agsOptions.lineItem === "object" ? agsOptions.lineItem : {};
      const item =
        state.ags.coupledItem(course.id, link.id) ??
        state.ags.create(
          course.id,
          {
            label: wanted.label ?? link.title,
            scoreMaximum: wanted.scoreMaximum ?? 100,
            resourceId: wanted.resourceId ?? "",
            tag: wanted.tag ?? "",
            resourceLinkId: link.id,
            startDateTime: undefined,
            endDateTime: undefined,
          },
          { coupled: true, clientId: tool.clientId },
        );
      ags.lineitem = state.lineItemUrl(item, deploymentId);
    }
  }
  const nrpsUrl =
    course && spec.nrps !== false && tool.scopes.includes(SCOPE.nrps)
      ? state.membershipsUrl(course.id)
      : undefined;

  // Moodle: tool-level custom parameters, then the activity's, then substitutions it adds itself.
  const custom: Record<string, string> = { ...tool.tool.customParameters, ...link?.custom, ...spec.custom };
  if (nrpsUrl !== undefined) custom.context_memberships_url = nrpsUrl;

  let deepLinkingSettings: Record<string, unknown> | undefined;
  if (isDeepLinking) {
    const input = spec.deepLinkingSettings ?? {};
    const data = input.data === null ? undefined : (input.data ?? randomId(12));
    // Undefined values (data: null) vanish when the payload is serialized.
    deepLinkingSettings = {
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: ["iframe", "window"],
      accept_multiple: true,
      auto_create: false,
      title: "",
      text: "",
      deep_link_return_url: state.deepLinkReturnUrl,
      ...input,
      data,
    };
    state.deepLinkSessions.push({
      data,
      clientId: tool.clientId,
      deploymentId,
      contextId: course?.id,
      acceptTypes: input.accept_types ?? ["ltiResourceLink"],
      acceptMultiple: input.accept_multiple ?? true,
      used: false,
    });
  }

  const launchId = isDeepLinking
    ? `ltilaunch_${messageType}${randomInt(1e9)}`
    : `ltilaunch${link?.id ?? ""}_${randomInt(1e9)}`;
  const sesskey = randomId(8);
  const returnUrl = withQuery(`${state.issuer}/return`, {
    course: course?.id ?? "1",
    launch_container: "3",
    instanceid: link?.id ?? "",
    sesskey,
  });
  const claims: LaunchClaimsInput = {
    issuer: state.issuer,
    clientId: tool.clientId,
    deploymentId,
    targetLinkUri:
      spec.targetLinkUri ??
      (isDeepLinking ? tool.tool.deepLinkingUrl : (link?.url ?? tool.tool.targetLinkUri)),
    messageType,
    user,
    roles: toRoleUris(roles),
    ...(spec.roleScopeMentor ? { roleScopeMentor: spec.roleScopeMentor } : {}),
    context: course && {
      id: course.id,
      label: spec.context?.label ?? course.label,
      title: spec.context?.title ?? course.title,
      type: spec.context?.type ?? ["CourseSection"],
    },
    resourceLink: resourceLinkClaim,
    custom,
    launchPresentation: {
      locale: spec.locale ?? user.locale ?? "en",
      document_target: spec.documentTarget ?? "iframe",
      return_url: returnUrl,
    },
    platformGuid: state.platformGuid,
    ags,
    nrpsUrl,
    deepLinkingSettings,
    // Moodle still sends the LTI 1.1 Basic Outcomes claim next to AGS for graded activities.
    basicOutcome:
      ags?.lineitem !== undefined && link
        ? {
            lis_result_sourcedid: JSON.stringify({
              data: { instanceid: link.id, userid: user.sub, typeid: deploymentId, launchid: randomInt(1e9) },
              hash: randomId(32),
            }),
            lis_outcome_service_url: `${state.issuer}/basic-outcome`,
          }
        : undefined,
  };

  // lti_build_login_request: login_hint is the user id, lti_message_hint a JSON object naming the launch.
  const ltiMessageHint = JSON.stringify(
    link ? { cmid: Number(link.id) || link.id, launchid: launchId } : { launchid: launchId },
  );
  const loginParams = {
    iss: state.issuer,
    target_link_uri: claims.targetLinkUri,
    login_hint: user.sub,
    lti_message_hint: ltiMessageHint,
    client_id: tool.clientId,
    lti_deployment_id: deploymentId,
  };
  const prepared: PreparedLaunch = {
    launchId,
    tool,
    deploymentId,
    messageType,
    loginParams,
    loginUrl: withQuery(tool.tool.loginUrl, loginParams),
    loginHint: user.sub,
    ltiMessageHint,
    contextId: course?.id,
    resourceLinkId: link?.id,
    spec,
  };
  state.pendingLaunches.set(ltiMessageHint, { prepared, claims, used: false });
  return prepared;
}

const GET_REDIRECTS = new Set([301, 302, 303]);

export async function runLaunch(
  state: PlatformState,
  browser: Browser,
  spec: LaunchSpec,
): Promise<LaunchResult> {
  const prepared = prepareLaunch(state, spec);
  const lmsOrigin = new URL(state.issuer).origin;
  const loginResponse =
    spec.loginMethod === "POST"
      ? await browser.post(prepared.tool.tool.loginUrl, prepared.loginParams, {
          followRedirects: false,
          initiator: lmsOrigin,
        })
      : await browser.get(prepared.loginUrl, { followRedirects: false, initiator: lmsOrigin });
  const redirectIsGet =
    GET_REDIRECTS.has(loginResponse.status) ||
    (spec.loginMethod !== "POST" && [307, 308].includes(loginResponse.status));
  if (!redirectIsGet || loginResponse.location === undefined) {
    throw new LaunchFlowError(
      "login",
      "the tool did not answer the login initiation with a GET redirect",
      loginResponse,
    );
  }
  const authTarget = new URL(loginResponse.location);
  if (`${authTarget.origin}${authTarget.pathname}` !== state.authUrl) {
    throw new LaunchFlowError(
      "login",
      `redirected to ${authTarget.toString()} instead of ${state.authUrl}`,
      loginResponse,
    );
  }

  const authResponse = await browser.get(authTarget.toString(), {
    followRedirects: false,
    initiator: new URL(loginResponse.url).origin,
  });
  if (authResponse.status !== 200) {
    throw new LaunchFlowError("auth", "the LMS refused the auth request", authResponse);
  }
  const form = parseAutoSubmitForm(authResponse.text);
  const formAction = new URL(form.action, authTarget).toString();
  const launchPost = await browser.post(formAction, form.fields, {
    followRedirects: false,
    initiator: lmsOrigin,
  });
  const final = await browser.follow(launchPost);
  return {
    prepared,
    loginResponse,
    authRequest: authTarget.searchParams,
    authResponse,
    formAction,
    idToken: form.fields.id_token ?? "",
    state: form.fields.state ?? "",
    launchPost,
    final,
    issued: state.idTokens.findLast((token) => token.launchId === prepared.launchId),
  };
}
