/**
 * `npm run dev:lms`: the simulated LMS for a person developing Carnet by hand.
 *
 *   SIM_LMS_PORT (default 3100)   CARNET_URL (default http://localhost:3000)   SIM_LMS_URL (issuer override)
 *
 * Keys and tool registrations persist in .data/sim-lms.json, so Carnet's platform registration stays
 * valid across restarts. The course "C2i2e — promotion test" is seeded on every start.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Express } from "express";
import { z } from "zod";
import { ROLE_CHOICES, renderDevPage } from "./dev-page.js";
import { SimulatedLms } from "./simulated-lms.js";
import type { SimulatedLmsState } from "./simulated-lms.js";
import type { Member } from "./types.js";

const env = z
  .object({
    SIM_LMS_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
    CARNET_URL: z.string().url().default("http://localhost:3000"),
    SIM_LMS_URL: z.string().url().optional(),
  })
  .parse(process.env);

const carnetUrl = env.CARNET_URL.replace(/\/$/, "");
const statePath = resolve(process.cwd(), ".data/sim-lms.json");
const COURSE_ID = "2";

/** Moodle-like user ids: 2 is the admin, then teachers and students. */
const MEMBERS: Member[] = [
  {
    userId: "2",
    roles: ["Administrator", "Instructor"],
    givenName: "Hélène",
    familyName: "Garnier",
    username: "admin",
  },
  { userId: "3", roles: ["Instructor"], givenName: "Claire", familyName: "Dubois", username: "formateur1" },
  { userId: "4", roles: ["Mentor"], givenName: "Marc", familyName: "Lefèvre", username: "tuteur1" },
  { userId: "5", roles: ["Learner"], givenName: "Léa", familyName: "Martin", username: "stagiaire1" },
  { userId: "6", roles: ["Learner"], givenName: "Sami", familyName: "Benali", username: "stagiaire2" },
  { userId: "7", roles: ["Learner"], givenName: "Inès", familyName: "Moreau", username: "stagiaire3" },
  { userId: "8", roles: ["Learner"], givenName: "Hugo", familyName: "Bernard", username: "stagiaire4" },
  { userId: "9", roles: ["Learner"], givenName: "Chloé", familyName: "Petit", username: "stagiaire5" },
  { userId: "10", roles: ["Learner"], givenName: "Yanis", familyName: "Robert", username: "stagiaire6" },
].map((m) => ({ ...m, name: `${m.givenName} ${m.familyName}`, email: `${m.username}@example.test` }));

/** The shape exportState() writes (checked so a stale or hand-edited file is ignored, not trusted). */
const savedStateSchema = z.object({
  version: z.literal(1),
  keys: z.array(z.object({ kid: z.string(), privateKeyPem: z.string() })).min(1),
  activeKid: z.string(),
  platformGuid: z.string(),
  nextDeploymentId: z.number().int(),
  tools: z.array(
    z.object({
      clientId: z.string(),
      deploymentIds: z.array(z.string()),
      issuer: z.string(),
      authUrl: z.string(),
      tokenUrl: z.string(),
      jwksUrl: z.string(),
      openidConfigurationUrl: z.string(),
      scopes: z.array(z.string()),
      source: z.enum(["manual", "dynamic"]),
      tool: z.object({
        baseUrl: z.string(),
        name: z.string(),
        loginUrl: z.string(),
        redirectUris: z.array(z.string()),
        jwksUrl: z.string(),
        targetLinkUri: z.string(),
        deepLinkingUrl: z.string(),
        customParameters: z.record(z.string()),
      }),
    }),
  ),
});

function loadState(): SimulatedLmsState | undefined {
  try {
    const parsed = savedStateSchema.safeParse(JSON.parse(readFileSync(statePath, "utf8")));
    if (!parsed.success) console.warn(`Ignoring ${statePath}: ${parsed.error.message}`);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function saveState(lms: SimulatedLms): void {
  mkdirSync(dirname(statePath), { recursive: true });
  writeFileSync(statePath, `${JSON.stringify(lms.exportState(), null, 2)}\n`);
}

function firstString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The dev UI's routes, mounted before the LMS's own. */
function devRoutes(app: Express, lms: SimulatedLms): void {
  // Persist right after Carnet registers itself through Dynamic Registration.
  app.use((req, res, next) => {
    if (req.method === "POST" && req.path === "/registration") {
      res.on("finish", () => {
        if (res.statusCode === 200) saveState(lms);
      });
    }
    next();
  });

  app.get("/", (_req, res) => {
    const course = lms.course(COURSE_ID);
    if (!course) throw new Error("seeded course missing");
    res.type("html").send(
      renderDevPage({
        issuer: lms.issuer,
        carnetUrl,
        tools: lms.tools,
        course,
        resourceLinks: lms.resourceLinks(COURSE_ID),
      }),
    );
  });

  app.get("/dev/register", (_req, res) => {
    res.redirect(302, lms.dynamicRegistrationUrl(`${carnetUrl}/lti/register`));
  });

  app.post("/dev/register-manual", (_req, res) => {
    lms.registerTool({ toolBaseUrl: carnetUrl });
    saveState(lms);
    res.redirect(303, "/");
  });

  app.get("/dev/launch", (req, res) => {
    const q = req.query;
    const tool = lms.tool(firstString(q.tool) ?? "") ?? lms.tools[0];
    const member = lms.course(COURSE_ID)?.members.find((m) => m.userId === firstString(q.user));
    if (!tool || !member) {
      res.status(400).type("text/plain").send("Outil ou utilisateur inconnu (unknown tool or user)");
      return;
    }
    const roleChoice = ROLE_CHOICES[firstString(q.role) ?? "member"];
    const deepLinking = q.deepLinking === "1";
    const linkId = firstString(q.link);
    const prepared = lms.prepareLaunch({
      tool,
      user: { sub: member.userId },
      roles: roleChoice && roleChoice.roles.length > 0 ? roleChoice.roles : undefined,
      context: { id: COURSE_ID },
      messageType: deepLinking ? "LtiDeepLinkingRequest" : "LtiResourceLinkRequest",
      resourceLink: linkId === undefined ? undefined : { id: linkId },
      locale: firstString(q.locale) ?? "fr",
      documentTarget: q.target === "window" ? "window" : "iframe",
    });
    // Third-party initiated login (LTI Security §5.1.1.1): the browser goes to the tool's login URL.
    res.redirect(302, prepared.loginUrl);
  });

  app.get("/dev/state.json", (_req, res) => {
    const names = new Map(lms.course(COURSE_ID)?.members.map((m) => [m.userId, m.name ?? m.userId]));
    const time = (ms: number): string => new Date(ms).toLocaleTimeString("fr-FR");
    const grades = lms.lineItems(COURSE_ID).flatMap((item) =>
      [...lms.gradebook(item.id).values()].map((entry) => ({
        lineItem: `${item.label} (#${item.id})`,
        user: names.get(entry.userId) ?? entry.userId,
        score: entry.scoreGiven === null ? "—" : `${entry.scoreGiven} / ${entry.scoreMaximum}`,
        progress: `${entry.activityProgress} · ${entry.gradingProgress}`,
        timestamp: entry.timestamp,
      })),
    );
    const calls = lms.serviceCalls
      .slice(-50)
      .reverse()
      .map((call) => ({
        time: time(call.at),
        kind: call.kind.toUpperCase(),
        method: call.method,
        url: call.url,
        status: call.status ?? "…",
        ok: call.status !== undefined && call.status < 400,
      }));
    res.json({ grades, calls });
  });
}

const saved = loadState();
const port = env.SIM_LMS_PORT;
// Same host name as Carnet's URL, so the launch POST stays same-site for cookies in a real browser.
const host = new URL(carnetUrl).hostname === "localhost" ? "localhost" : "127.0.0.1";
const lms = await SimulatedLms.start({
  port,
  host: "127.0.0.1",
  publicUrl: env.SIM_LMS_URL ?? `http://${host}:${port}`,
  state: saved,
  configureApp: devRoutes,
});
lms.addCourse({ id: COURSE_ID, label: "C2I2E-TEST", title: "C2i2e — promotion test", members: MEMBERS });
saveState(lms);

console.log(`LMS simulé / simulated LMS: ${lms.issuer}/ (Carnet: ${carnetUrl})`);
console.log(`État / state: ${statePath}${saved ? " (rechargé / reloaded)" : " (nouveau / new)"}`);

const stop = (): void => {
  lms.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
