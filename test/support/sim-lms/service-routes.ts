/**
 * The platform's service endpoints: OAuth 2 token (LTI Security Framework §4.1), Assignment and Grade
 * Services 2.0, Names and Role Provisioning 2.0. Every request is logged (ServiceCall) and passes
 * through failure injection first.
 */
import express from "express";
import type { Request, RequestHandler, Response, Router } from "express";
import { parseLineItemBody } from "./ags-store.js";
import type { FailureInjector } from "./failure-injection.js";
import { audienceIncludes, decodeJwt, verifyRs256Signature } from "./jwt-keys.js";
import { MEDIA_TYPE, SCOPE } from "./lti-vocabulary.js";
import { ACCESS_TOKEN_LIFETIME_SECONDS } from "./platform-state.js";
import type { AccessToken, PlatformState } from "./platform-state.js";
import type { LineItem, ServiceCall, ServiceKind, TokenRequestRecord, ToolRegistration } from "./types.js";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Query/body values that are strings (repeated or nested values are ignored). */
export function stringParams(source: unknown): Record<string, string> {
  if (typeof source !== "object" || source === null) return {};
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function mediaTypeOf(req: Request): string {
  return (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Accept absent, wildcard, or listing the expected media type. */
function accepts(req: Request, mediaType: string): boolean {
  const accept = (req.get("accept") ?? "").toLowerCase();
  return accept === "" || accept.includes(mediaType) || accept.includes("*/*");
}

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== "string" || text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

export function serviceRouter(state: PlatformState, failures: FailureInjector): Router {
  const router = express.Router();
  const log =
    (kind: ServiceKind): RequestHandler =>
    (req, res, next) => {
      const call: ServiceCall = {
        at: state.now(),
        kind,
        method: req.method,
        url: req.originalUrl,
        status: undefined,
        clientId: undefined,
        injected: undefined,
      };
      state.trackCall(res, call);
      res.on("finish", () => {
        call.status = res.statusCode;
      });
      next();
    };
  const inject = failures.middleware((res, kind) => {
    const call = state.callOf(res);
    if (call && call.injected !== "fail") call.injected = kind;
  });

  router.post("/token", log("token"), inject, express.urlencoded({ extended: false }), (req, res, next) => {
    handleToken(state, req, res).catch(next);
  });
  router.use(
    "/ags/:contextId",
    log("ags"),
    inject,
    express.text({ type: () => true, limit: "1mb" }),
    agsRouter(state),
  );
  router.get("/nrps/:contextId/memberships", log("nrps"), inject, (req, res) => {
    handleMemberships(state, req, res);
  });
  return router;
}

/** client_credentials grant with a JWT client assertion (RFC 7523 §2.2, §3; LTI Security §4.1.1). */
async function handleToken(state: PlatformState, req: Request, res: Response): Promise<void> {
  const params = stringParams(req.body);
  const record: TokenRequestRecord = { at: state.now(), params, clientId: undefined, status: 0 };
  state.tokenRequests.push(record);
  // Moodle's token.php answers every error with 400 and {"error": …}.
  const fail = (error: string, description: string): void => {
    Object.assign(record, { status: 400, error, errorDescription: description });
    res.status(400).json({ error, error_description: description });
  };

  if (mediaTypeOf(req) !== "application/x-www-form-urlencoded") {
    return fail("invalid_request", "body must be application/x-www-form-urlencoded");
  }
  const {
    grant_type: grantType,
    client_assertion_type: assertionType,
    client_assertion: assertion,
    scope,
  } = params;
  if (!grantType || !assertionType || !assertion || !scope) {
    return fail(
      "invalid_request",
      "grant_type, client_assertion_type, client_assertion and scope are required",
    );
  }
  if (grantType !== "client_credentials") {
    return fail("unsupported_grant_type", "grant_type must be client_credentials");
  }
  if (assertionType !== JWT_BEARER) {
    return fail("invalid_request", `client_assertion_type must be ${JWT_BEARER}`);
  }

  let decoded;
  try {
    decoded = decodeJwt(assertion);
  } catch {
    return fail("invalid_request", "client_assertion is not a JWT");
  }
  const { header, payload } = decoded;
  const clientId = typeof payload.sub === "string" ? payload.sub : undefined;
  const tool = clientId === undefined ? undefined : state.tools.get(clientId);
  record.clientId = clientId;
  const call = state.callOf(res);
  if (call) call.clientId = clientId;
  if (!tool || clientId === undefined) return fail("invalid_client", "sub is not a registered client id");
  if (header.alg !== "RS256") return fail("invalid_client", "client_assertion must be signed with RS256");
  const keys = await state.remoteJwks.keysFor(tool.tool.jwksUrl, header.kid);
  if (!keys.some((key) => verifyRs256Signature(decoded, key))) {
    return fail(
      "invalid_client",
      `signature not verified with a key of ${tool.tool.jwksUrl} (kid ${header.kid})`,
    );
  }
  if (payload.iss !== clientId) return fail("invalid_client", "iss and sub must both be the client id");
  if (!audienceIncludes(payload.aud, state.tokenUrl)) {
    return fail("invalid_grant", `aud must contain the token endpoint ${state.tokenUrl}`);
  }
  const nowSeconds = state.nowSeconds();
  if (typeof payload.exp !== "number" || payload.exp <= nowSeconds) {
    return fail("invalid_grant", "client_assertion expired");
  }
  if (typeof payload.jti !== "string" || payload.jti === "") return fail("invalid_grant", "jti is required");
  for (const [key, exp] of state.usedJtis) if (exp < nowSeconds) state.usedJtis.delete(key);
  const jtiKey = `${clientId} ${payload.jti}`;
  if (state.usedJtis.has(jtiKey)) return fail("invalid_grant", "jti already used");
  state.usedJtis.set(jtiKey, payload.exp);

  const requested = scope.split(" ").filter(Boolean);
  const granted = requested.filter((s) => tool.scopes.includes(s));
  if (granted.length === 0) {
    return fail("invalid_scope", "none of the requested scopes is allowed for this tool");
  }
  const token = state.issueAccessToken(clientId, granted);
  Object.assign(record, { status: 200, grantedScopes: granted });
  res.json({
    access_token: token.token,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    scope: granted.join(" "),
  });
}

/** Bearer access token check; answers 401 (as Moodle does for a failed check_tool) and returns undefined. */
function authorize(
  state: PlatformState,
  req: Request,
  res: Response,
  anyOf: string[],
): AccessToken | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
  const token = match?.[1] === undefined ? undefined : state.accessTokens.get(match[1]);
  if (!token || token.expiresAt <= state.now()) {
    res.status(401).set("WWW-Authenticate", 'Bearer error="invalid_token"').type("text/plain");
    res.send("Missing, unknown or expired access token");
    return undefined;
  }
  const call = state.callOf(res);
  if (call) call.clientId = token.clientId;
  if (!anyOf.some((scope) => token.scopes.includes(scope))) {
    res.status(401).set("WWW-Authenticate", 'Bearer error="insufficient_scope"').type("text/plain");
    res.send(`Access token lacks one of the scopes: ${anyOf.join(" ")}`);
    return undefined;
  }
  return token;
}

interface AgsContext {
  tool: ToolRegistration;
  token: AccessToken;
  contextId: string;
  typeId: string | undefined;
}

function agsRouter(state: PlatformState): Router {
  const router = express.Router({ mergeParams: true });
  const text = (res: Response, status: number, message: string): void => {
    res.status(status).type("text/plain").send(message);
  };
  const refuse = (res: Response, status: number, message: string): undefined => {
    text(res, status, message);
    return undefined;
  };

  /** Token, tool, `type_id` and course checks shared by every AGS resource (Moodle's check_tool + course lookup). */
  const begin = (req: Request, res: Response, scopes: string[]): AgsContext | undefined => {
    const token = authorize(state, req, res, scopes);
    if (!token) return undefined;
    const tool = state.tools.get(token.clientId);
    if (!tool) return refuse(res, 401, "Unknown client");
    const typeIdParam = stringParams(req.query).type_id;
    if (typeIdParam !== undefined && !tool.deploymentIds.includes(typeIdParam)) {
      return refuse(res, 401, `type_id ${typeIdParam} is not a deployment of this tool`);
    }
    const contextId = String(req.params.contextId);
    if (!state.courses.course(contextId)) {
      return refuse(res, 404, `Not Found: Course ${contextId} doesn't exist`);
    }
    return { tool, token, contextId, typeId: typeIdParam ?? tool.deploymentIds[0] };
  };
  const itemIn = (ctx: AgsContext, req: Request, res: Response): LineItem | undefined => {
    const item = state.ags.get(String(req.params.itemId));
    if (!item || item.contextId !== ctx.contextId) return refuse(res, 404, "Line item does not exist");
    return item;
  };
  const json = (res: Response, status: number, mediaType: string, body: unknown): void => {
    res.status(status).type(mediaType).send(JSON.stringify(body));
  };
  const lineItemJson = (item: LineItem, typeId: string | undefined): Record<string, unknown> => {
    // gradebookservices::item_for_json: empty strings for missing resourceId/tag, legacy ltiLinkId.
    const out: Record<string, unknown> = {
      id: state.lineItemUrl(item, typeId),
      label: item.label,
      scoreMaximum: item.scoreMaximum,
      resourceId: item.resourceId,
      tag: item.tag,
    };
    if (item.resourceLinkId !== undefined) {
      Object.assign(out, { resourceLinkId: item.resourceLinkId, ltiLinkId: item.resourceLinkId });
    }
    if (item.startDateTime !== undefined) out.startDateTime = item.startDateTime;
    if (item.endDateTime !== undefined) out.endDateTime = item.endDateTime;
    return out;
  };
  /** A resourceLinkId must name a link of this context (lineitems.php: check_lti_1x_id → 403). */
  const linkAllowed = (ctx: AgsContext, resourceLinkId: string | undefined): boolean => {
    if (resourceLinkId === undefined) return true;
    const link = state.courses.resourceLink(resourceLinkId);
    return link !== undefined && link.contextId === ctx.contextId;
  };

  router
    .route("/lineitems")
    .get((req, res) => {
      const ctx = begin(req, res, [SCOPE.lineItem, SCOPE.lineItemReadonly]);
      if (!ctx) return;
      if (!accepts(req, MEDIA_TYPE.lineItemContainer)) return text(res, 400, "unsupported Accept");
      const q = stringParams(req.query);
      const all = state.ags.list(ctx.contextId, {
        resourceLinkId: q.resource_link_id ?? q.lti_link_id,
        resourceId: q.resource_id,
        tag: q.tag,
      });
      const limit = positiveInt(q.limit);
      const from = positiveInt(q.from) ?? 0;
      const page = limit === undefined || limit === 0 ? all : all.slice(from, from + limit);
      if (limit !== undefined && limit > 0 && from + limit < all.length) {
        // Moodle sends rel=“next” with typographic quotes (a bug); standard quotes here.
        const next = new URL(`${state.issuer}${req.originalUrl}`);
        next.searchParams.set("from", String(from + limit));
        res.set("Link", `<${next.toString()}>; rel="next"`);
      }
      json(
        res,
        200,
        MEDIA_TYPE.lineItemContainer,
        page.map((item) => lineItemJson(item, ctx.typeId)),
      );
    })
    .post((req, res) => {
      const ctx = begin(req, res, [SCOPE.lineItem]);
      if (!ctx) return;
      if (mediaTypeOf(req) !== MEDIA_TYPE.lineItem) {
        return text(res, 400, "No context or unsupported content type");
      }
      const body = parseJson(req.body);
      const parsed = body.ok ? parseLineItemBody(body.value) : { ok: false as const, reason: "invalid JSON" };
      if (!parsed.ok) return text(res, 400, parsed.reason);
      if (!linkAllowed(ctx, parsed.value.resourceLinkId)) return text(res, 403, "Invalid LTI id supplied.");
      const item = state.ags.create(ctx.contextId, parsed.value, {
        coupled: false,
        clientId: ctx.tool.clientId,
      });
      // Moodle echoes the posted JSON with the new id added.
      const echoed = body.ok && typeof body.value === "object" && body.value !== null ? body.value : {};
      json(res, 201, MEDIA_TYPE.lineItem, { ...echoed, id: state.lineItemUrl(item, ctx.typeId) });
    })
    .all((_req, res) => text(res, 405, "Method not allowed"));

  router
    .route("/lineitems/:itemId/lineitem")
    .get((req, res) => {
      const ctx = begin(req, res, [SCOPE.lineItem, SCOPE.lineItemReadonly]);
      const item = ctx && itemIn(ctx, req, res);
      if (!ctx || !item) return;
      if (!accepts(req, MEDIA_TYPE.lineItem)) return text(res, 400, "unsupported Accept");
      json(res, 200, MEDIA_TYPE.lineItem, lineItemJson(item, ctx.typeId));
    })
    .put((req, res) => {
      const ctx = begin(req, res, [SCOPE.lineItem]);
      const item = ctx && itemIn(ctx, req, res);
      if (!ctx || !item) return;
      if (mediaTypeOf(req) !== MEDIA_TYPE.lineItem) return text(res, 400, "unsupported content type");
      const body = parseJson(req.body);
      const parsed = body.ok ? parseLineItemBody(body.value) : { ok: false as const, reason: "invalid JSON" };
      if (!parsed.ok) return text(res, 400, parsed.reason);
      if (!linkAllowed(ctx, parsed.value.resourceLinkId)) return text(res, 403, "Invalid LTI id supplied.");
      const updated = state.ags.update(item.id, parsed.value);
      if (updated) json(res, 200, MEDIA_TYPE.lineItem, lineItemJson(updated, ctx.typeId));
    })
    .delete((req, res) => {
      const ctx = begin(req, res, [SCOPE.lineItem]);
      const item = ctx && itemIn(ctx, req, res);
      if (!ctx || !item) return;
      // The activity's own grade item goes away with the activity, not through the service.
      if (item.coupled) return text(res, 403, "This line item belongs to an activity and cannot be deleted");
      state.ags.delete(item.id);
      res.status(204).end();
    })
    .all((_req, res) => text(res, 405, "Method not allowed"));

  router
    .route("/lineitems/:itemId/lineitem/scores")
    .post((req, res) => {
      const ctx = begin(req, res, [SCOPE.score]);
      const item = ctx && itemIn(ctx, req, res);
      if (!ctx || !item) return;
      if (mediaTypeOf(req) !== MEDIA_TYPE.score) return text(res, 400, "unsupported content type");
      const body = parseJson(req.body);
      const record = state.ags.submitScore(
        item,
        body.ok ? body.value : undefined,
        (userId) => state.courses.isGradable(ctx.contextId, userId),
        ctx.tool.clientId,
      );
      if (record.status !== 200) return text(res, record.status, record.reason ?? "refused");
      // Moodle answers 200 with an empty body of the score media type.
      res.status(200).type(MEDIA_TYPE.score).end();
    })
    .all((_req, res) => text(res, 405, "GET requests are not allowed."));

  router
    .route("/lineitems/:itemId/lineitem/results")
    .get((req, res) => {
      const ctx = begin(req, res, [SCOPE.resultReadonly]);
      const item = ctx && itemIn(ctx, req, res);
      if (!ctx || !item) return;
      if (!accepts(req, MEDIA_TYPE.resultContainer)) return text(res, 400, "unsupported Accept");
      const itemUrl = state.lineItemUrl(item, ctx.typeId);
      const base = state.lineItemUrl(item);
      const query = ctx.typeId === undefined ? "" : `?type_id=${encodeURIComponent(ctx.typeId)}`;
      const results = state.ags.results(item.id, stringParams(req.query).user_id).map((r) => ({
        id: `${base}/results/${encodeURIComponent(r.userId)}/result${query}`,
        scoreOf: itemUrl,
        userId: r.userId,
        resultScore: r.resultScore,
        resultMaximum: r.resultMaximum,
        ...(r.comment === undefined ? {} : { comment: r.comment }),
      }));
      json(res, 200, MEDIA_TYPE.resultContainer, results);
    })
    .all((_req, res) => text(res, 405, "Method not allowed"));

  router.use((_req, res) => text(res, 404, "No such AGS resource"));
  return router;
}

/** NRPS 2.0 membership container with `role`, `limit` and a rel="next" Link for the next page (§2.4). */
function handleMemberships(state: PlatformState, req: Request, res: Response): void {
  if (!authorize(state, req, res, [SCOPE.nrps])) return;
  if (!accepts(req, MEDIA_TYPE.membershipContainer)) {
    res.status(406).type("text/plain").send(`Accept must allow ${MEDIA_TYPE.membershipContainer}`);
    return;
  }
  const contextId = String(req.params.contextId);
  const course = state.courses.course(contextId);
  if (!course) {
    res.status(404).type("text/plain").send(`Not Found: Course ${contextId} doesn't exist`);
    return;
  }
  const q = stringParams(req.query);
  const limit = positiveInt(q.limit);
  const page = state.courses.membershipPage(contextId, { role: q.role, limit, from: positiveInt(q.from) });
  if (page.nextFrom !== undefined) {
    const next = new URL(`${state.issuer}${req.originalUrl}`);
    next.searchParams.set("from", String(page.nextFrom));
    res.set("Link", `<${next.toString()}>; rel="next"`);
  }
  res
    .status(200)
    .type(MEDIA_TYPE.membershipContainer)
    .send(
      JSON.stringify({
        id: `${state.issuer}${req.originalUrl}`,
        context: { id: course.id, label: course.label, title: course.title },
        members: page.members,
      }),
    );
}
