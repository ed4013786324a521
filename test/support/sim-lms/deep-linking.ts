/**
 * The platform side of Deep Linking 2.0 (§4.5 response message): verify the tool's signed
 * LtiDeepLinkingResponse, then add what it returned to the course as Moodle's contentitem_return.php
 * does: each ltiResourceLink becomes an activity (a resource link, keeping its custom parameters and
 * URL for later launches), and its `lineItem` becomes the activity's grade item.
 */
import type { LineItemInput } from "./ags-store.js";
import { audienceIncludes, decodeJwt, verifyRs256Signature } from "./jwt-keys.js";
import type { DecodedJwt } from "./jwt-keys.js";
import { CLAIM } from "./lti-vocabulary.js";
import type { DeepLinkSession, PlatformState } from "./platform-state.js";
import type { DeepLinkResponseRecord } from "./types.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

class DeepLinkError extends Error {}

/** Verifies `jwt` and applies its content items; the returned record says what happened (also stored). */
export async function receiveDeepLinkingResponse(
  state: PlatformState,
  jwt: string | undefined,
): Promise<DeepLinkResponseRecord> {
  const record: DeepLinkResponseRecord = {
    at: state.now(),
    status: 200,
    contentItems: [],
    createdResourceLinks: [],
    createdLineItems: [],
  };
  state.deepLinkResponses.push(record);
  try {
    await apply(state, jwt, record);
  } catch (error) {
    if (!(error instanceof DeepLinkError)) throw error;
    Object.assign(record, { status: 400, error: error.message });
  }
  return record;
}

async function apply(
  state: PlatformState,
  jwt: string | undefined,
  record: DeepLinkResponseRecord,
): Promise<void> {
  const check = (condition: boolean, message: string): void => {
    if (!condition) throw new DeepLinkError(message);
  };
  check(typeof jwt === "string" && jwt !== "", "missing JWT form field");
  let decoded: DecodedJwt;
  try {
    decoded = decodeJwt(jwt ?? "");
  } catch {
    throw new DeepLinkError("JWT is malformed");
  }
  const { header, payload } = decoded;
  Object.assign(record, { header, payload });

  // DL 2.0 §4.5: iss is the tool's client id, aud the platform issuer.
  const clientId = typeof payload.iss === "string" ? payload.iss : "";
  const tool = state.tools.get(clientId);
  check(tool !== undefined, `iss ${clientId} is not a registered client id`);
  if (!tool) return;
  record.clientId = clientId;
  check(header.alg === "RS256", "JWT must be signed with RS256");
  const keys = await state.remoteJwks.keysFor(tool.tool.jwksUrl, header.kid);
  check(
    keys.some((key) => verifyRs256Signature(decoded, key)),
    "signature not verified with the tool's JWKS",
  );
  check(audienceIncludes(payload.aud, state.issuer), `aud must contain ${state.issuer}`);
  const now = state.nowSeconds();
  check(typeof payload.exp === "number" && payload.exp > now, "JWT expired");
  check(typeof payload.iat === "number", "iat is required");
  check(typeof payload.nonce === "string" && payload.nonce !== "", "nonce is required");
  const nonceKey = `${clientId} ${String(payload.nonce)}`;
  check(!state.usedDeepLinkNonces.has(nonceKey), "nonce already used");
  check(
    payload[CLAIM.messageType] === "LtiDeepLinkingResponse",
    "message_type must be LtiDeepLinkingResponse",
  );
  check(payload[CLAIM.version] === "1.3.0", "version must be 1.3.0");
  const deploymentId = payload[CLAIM.deploymentId];
  check(
    typeof deploymentId === "string" && tool.deploymentIds.includes(deploymentId),
    "unknown deployment_id",
  );
  record.deploymentId = String(deploymentId);

  const session = findSession(state, clientId, String(deploymentId), payload[CLAIM.deepLinkingData]);
  check(session !== undefined, "data does not echo the deep-linking request's data");
  if (!session) return;
  record.contextId = session.contextId;

  const rawItems = payload[CLAIM.contentItems] ?? [];
  check(Array.isArray(rawItems), "content_items must be an array");
  const items: unknown[] = Array.isArray(rawItems) ? rawItems : [];
  record.contentItems = items;
  check(
    session.acceptMultiple || items.length <= 1,
    "accept_multiple is false but several items were returned",
  );
  for (const item of items) {
    check(isRecord(item) && typeof item.type === "string", "content item without type");
    check(
      isRecord(item) && session.acceptTypes.includes(String(item.type)),
      `content item type not accepted`,
    );
  }
  state.usedDeepLinkNonces.add(nonceKey);
  session.used = true;

  if (session.contextId === undefined) return;
  const contextId = session.contextId;
  for (const item of items.filter(isRecord)) {
    if (item.type !== "ltiResourceLink") continue;
    const link = state.courses.createResourceLink(contextId, {
      title: typeof item.title === "string" ? item.title : "",
      description: typeof item.text === "string" ? item.text : "",
      clientId,
      url: typeof item.url === "string" ? item.url : undefined,
      custom: stringRecord(item.custom),
    });
    record.createdResourceLinks.push(link);
    if (isRecord(item.lineItem)) {
      const input: LineItemInput = {
        label: typeof item.lineItem.label === "string" ? item.lineItem.label : link.title,
        scoreMaximum: Number(item.lineItem.scoreMaximum ?? 100),
        resourceId: typeof item.lineItem.resourceId === "string" ? item.lineItem.resourceId : "",
        tag: typeof item.lineItem.tag === "string" ? item.lineItem.tag : "",
        resourceLinkId: link.id,
        startDateTime: undefined,
        endDateTime: undefined,
      };
      record.createdLineItems.push(state.ags.create(contextId, input, { coupled: true, clientId }));
    }
  }
}

/** The request this response answers: by its echoed `data`, else the latest data-less request of that deployment. */
function findSession(
  state: PlatformState,
  clientId: string,
  deploymentId: string,
  data: unknown,
): DeepLinkSession | undefined {
  const open = state.deepLinkSessions.filter(
    (s) => !s.used && s.clientId === clientId && s.deploymentId === deploymentId,
  );
  if (typeof data === "string") return open.find((s) => s.data === data);
  return open.filter((s) => s.data === undefined).at(-1);
}
