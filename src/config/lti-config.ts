// lti-config/: how Carnet describes itself to an LMS (tool.json) and what an LMS administrator pastes
// where (one preset per platform), read and checked with zod at start; a bad file stops Carnet with one
// line. Values may name Carnet's URLs as {launch}, {login}, {keys}, … (filled in by describeTool).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const URL_PLACEHOLDERS = [
  "baseUrl",
  "domain",
  "launch",
  "login",
  "keys",
  "register",
  "deepLinking",
  "icon",
  "canvasJson",
] as const;

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** A text that may name Carnet's URLs, and only those. */
const Text = z
  .string()
  .min(1)
  .max(2000)
  .refine(
    (text) =>
      [...text.matchAll(PLACEHOLDER)].every((match) =>
        (URL_PLACEHOLDERS as readonly string[]).includes(match[1] ?? ""),
      ),
    `may name only ${URL_PLACEHOLDERS.map((name) => `{${name}}`).join(", ")}`,
  );

const Localized = z.object({ fr: Text, en: Text }).strict();
const ToolPath = z.string().regex(/^\/[\w./-]*$/, "must be a path such as /lti/launch");

const ToolJson = z
  .object({
    $comment: z.string().optional(),
    title: Localized,
    shortName: z.string().min(1).max(60),
    description: Localized,
    icon: z.string().regex(/^\/static\/[\w.-]+\.(png|svg)$/, "must be a file under /static/"),
    paths: z
      .object({
        login: ToolPath,
        launch: ToolPath,
        keys: ToolPath,
        register: ToolPath,
        deepLinking: ToolPath,
      })
      .strict(),
    messages: z
      .array(
        z
          .object({
            type: z.enum(["LtiResourceLinkRequest", "LtiDeepLinkingRequest"]),
            label: Localized,
            placements: z.array(z.string().min(1).max(100)).optional(),
            supportedTypes: z.array(z.string().min(1).max(100)).optional(),
          })
          .strict(),
      )
      .min(1),
    scopes: z.array(z.string().url()).max(20),
    claims: z.array(z.string().min(1).max(100)).max(30),
    customParameters: z.record(z.string().regex(/^\w{1,60}$/), z.string().max(500)),
  })
  .strict();
export type ToolConfig = z.infer<typeof ToolJson>;

const Preset = z
  .object({
    $comment: z.string().optional(),
    platform: z.string().min(1).max(60),
    dynamicRegistration: z.boolean(),
    steps: z.array(Localized).min(1).max(12),
    manual: z
      .object({
        intro: Localized,
        fields: z
          .array(z.object({ label: Localized, value: Text }).strict())
          .min(1)
          .max(20),
      })
      .strict(),
    /** Canvas only: the developer key JSON, served at /lti/canvas.json with Carnet's URLs filled in. */
    developerKey: z.record(z.unknown()).optional(),
  })
  .strict();
export type PlatformPreset = z.infer<typeof Preset>;

export interface LtiConfig {
  tool: ToolConfig;
  presets: Record<PresetName, PlatformPreset>;
}

export const PRESETS = ["moodle", "canvas", "brightspace", "sakai"] as const;
export type PresetName = (typeof PRESETS)[number];

/** Reads and checks every file; throws an Error whose message is one line naming the file and fields. */
export function loadLtiConfig(dir: string): LtiConfig {
  const tool = readChecked(dir, "tool.json", ToolJson);
  const preset = (name: PresetName): PlatformPreset => readChecked(dir, `${name}.json`, Preset);
  const presets = {
    moodle: preset("moodle"),
    canvas: preset("canvas"),
    brightspace: preset("brightspace"),
    sakai: preset("sakai"),
  };
  if (!presets.canvas.developerKey) throw new Error("lti-config/canvas.json: developerKey is required");
  return { tool, presets };
}

function readChecked<T>(dir: string, file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
  const where = `lti-config/${file}`;
  const full = path.join(dir, file);
  if (!existsSync(full)) throw new Error(`${where} is missing`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(full, "utf8"));
  } catch (error) {
    throw new Error(`${where} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(file)"} ${issue.message}`);
  throw new Error(`${where}: ${problems.slice(0, 5).join("; ")}`);
}

export type ToolUrls = Readonly<Record<(typeof URL_PLACEHOLDERS)[number], string>>;

/** Fills {launch}, {keys}, … in a text. */
export function fillText(text: string, urls: ToolUrls): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const known = URL_PLACEHOLDERS.find((candidate) => candidate === name);
    return known ? urls[known] : whole;
  });
}

/** Fills the URLs in every string of a JSON value (the Canvas developer key). */
export function fillJson(value: unknown, urls: ToolUrls): unknown {
  if (typeof value === "string") return fillText(value, urls);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, urls));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fillJson(child, urls)]));
  return value;
}
