// Deep Linking 2.0: a teacher adds Carnet to a course and chooses what the link opens, which framework
// it uses and whether it is graded; Carnet answers with one LtiResourceLink (and its line item).
import { z } from "zod";
import type { Launch } from "../persistence/session-store.js";
import type { PlatformRecord } from "../persistence/platform-registry.js";
import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Clock } from "../clock.js";
import { CLAIM } from "./claims.js";
import type { ToolKeys } from "./tool-keys.js";

export const PLACEMENT_VIEWS = ["portfolio", "assessment", "workspace"] as const;
export type PlacementView = (typeof PLACEMENT_VIEWS)[number];
export const GRADING_POLICIES = ["share", "weighted", "completion"] as const;
export type GradingPolicy = (typeof GRADING_POLICIES)[number];

/** The score maximum a teacher may choose at deep linking: an integer 1..1000, 100 by default. */
export const SCORE_MAXIMUM_LIMIT = 1000;
export const DEFAULT_SCORE_MAXIMUM = 100;

export const PlacementChoiceSchema = z.object({
  title: z.string().trim().min(1).max(255),
  view: z.enum(PLACEMENT_VIEWS),
  frameworkId: z.string().max(100).optional().or(z.literal("")),
  graded: z
    .union([z.literal("on"), z.literal("true"), z.literal("1")])
    .optional()
    .transform((value) => value !== undefined),
  scoreMaximum: z.coerce.number().int().min(1).max(SCORE_MAXIMUM_LIMIT).default(DEFAULT_SCORE_MAXIMUM),
  policy: z.enum(GRADING_POLICIES).default("share"),
  runningScore: z
    .union([z.literal("on"), z.literal("true"), z.literal("1")])
    .optional()
    .transform((value) => value !== undefined),
});
export type PlacementChoice = z.infer<typeof PlacementChoiceSchema>;

/** `score_maximum` as the launch recorder reads it back: an integer 1..1000, else the default. */
export function scoreMaximumOf(value: string | undefined): number {
  if (value === undefined || !/^\d{1,4}$/.test(value.trim())) return DEFAULT_SCORE_MAXIMUM;
  const parsed = Number(value.trim());
  return parsed >= 1 && parsed <= SCORE_MAXIMUM_LIMIT ? parsed : DEFAULT_SCORE_MAXIMUM;
}

/** The custom parameters a placement's launches carry; the launch recorder reads them back. */
export function placementCustom(choice: PlacementChoice): Record<string, string> {
  const custom: Record<string, string> = { view: choice.view };
  if (choice.frameworkId) custom.framework = choice.frameworkId;
  if (choice.graded) {
    custom.grading_policy = choice.policy;
    custom.running_score = choice.runningScore ? "true" : "false";
    custom.score_maximum = String(choice.scoreMaximum);
  }
  return custom;
}

export function contentItem(choice: PlacementChoice, launchUrl: string): Record<string, unknown> {
  const item: Record<string, unknown> = {
    type: "ltiResourceLink",
    title: choice.title,
    url: launchUrl,
    custom: placementCustom(choice),
    // Moodle gives a deep-linked resource a gradebook column only when the item has a lineItem.
    ...(choice.graded
      ? {
          lineItem: {
            scoreMaximum: choice.scoreMaximum,
            label: choice.title,
            tag: "carnet",
            resourceId: `carnet:${choice.view}`,
          },
        }
      : {}),
  };
  return item;
}

/**
 * The LtiDeepLinkingResponse (DL 2.0 §4.5), signed with the platform's tool key: iss is Carnet's client
 * id, aud the platform; only the types the platform accepts, one item unless it accepts several.
 */
export async function deepLinkingResponse(
  keys: Pick<ToolKeys, "signingKeyFor">,
  clock: Clock,
  platform: PlatformRecord,
  launch: Launch,
  items: Record<string, unknown>[],
  message: string,
): Promise<string> {
  const settings = launch.deepLinking;
  if (!settings) throw new Error("not a deep-linking launch");
  const accepted = items.filter((item) => settings.acceptTypes.includes(String(item.type)));
  const signing = await keys.signingKeyFor(platform);
  const payload: Record<string, unknown> = {
    iss: platform.clientId,
    aud: platform.issuer,
    iat: Math.floor(clock.now().getTime() / 1000),
    nonce: randomUUID(),
    [CLAIM.deploymentId]: launch.deploymentId,
    [CLAIM.messageType]: "LtiDeepLinkingResponse",
    [CLAIM.version]: "1.3.0",
    [CLAIM.dlContentItems]: settings.acceptMultiple ? accepted : accepted.slice(0, 1),
    [CLAIM.dlMessage]: message,
    ...(settings.data !== undefined ? { [CLAIM.dlData]: settings.data } : {}),
  };
  // iat from the injected clock (jsonwebtoken would take the wall clock): exp follows it.
  return jwt.sign(payload, signing.privateKeyPem, { algorithm: "RS256", keyid: signing.kid, expiresIn: 300 });
}
