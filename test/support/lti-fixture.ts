// A Carnet and a simulated LMS that know each other: the setup most integration tests start from.
import type { Clock } from "../../src/clock.js";
import type { PlatformRecord } from "../../src/persistence/platform-registry.js";
import { startTestCarnet, type TestCarnet } from "./carnet.js";
import {
  Browser,
  SimulatedLms,
  type LaunchResult,
  type LaunchSpec,
  type ToolRegistration,
} from "./sim-lms/index.js";

export interface LtiFixture {
  lms: SimulatedLms;
  carnet: TestCarnet;
  tool: ToolRegistration;
  platform: PlatformRecord;
  /** A full launch in a fresh browser (or the one given), as a person clicking the activity. */
  launch(
    spec: Omit<LaunchSpec, "tool"> & { tool?: ToolRegistration },
    browser?: Browser,
  ): Promise<LaunchResult & { browser: Browser }>;
  close(): Promise<void>;
}

export interface LtiFixtureOptions {
  clock?: Clock;
  captureLogs?: boolean;
  deploymentIds?: string[];
  env?: Record<string, string>;
  /** Register the LMS as an operator platform: its administrators manage every registration. */
  operator?: boolean;
}

export async function startLtiFixture(options: LtiFixtureOptions = {}): Promise<LtiFixture> {
  const carnet = await startTestCarnet({
    clock: options.clock,
    env: options.env,
    captureLogs: options.captureLogs,
  });
  const lms = await SimulatedLms.start(
    options.clock ? { now: () => options.clock?.now().getTime() ?? Date.now() } : {},
  );
  const tool = lms.registerTool({
    toolBaseUrl: carnet.baseUrl,
    deploymentIds: options.deploymentIds ?? ["1"],
  });
  const platform = await registerInCarnet(carnet, tool, { operator: options.operator });
  return {
    lms,
    carnet,
    tool,
    platform,
    launch: async (spec, browser = new Browser()) => {
      const result = await lms.launch(browser, { ...spec, tool: spec.tool ?? tool });
      return { ...result, browser };
    },
    close: async () => {
      await carnet.close();
      await lms.close();
    },
  };
}

/** What an administrator does with `npm run carnet -- platform add …`. */
export function registerInCarnet(
  carnet: TestCarnet,
  tool: ToolRegistration,
  options: { operator?: boolean } = {},
): Promise<PlatformRecord> {
  return carnet.platformAdmin.add(
    {
      ...(options.operator ? { operator: true } : {}),
      issuer: tool.issuer,
      clientId: tool.clientId,
      name: "Simulated Moodle",
      authUrl: tool.authUrl,
      tokenUrl: tool.tokenUrl,
      jwksUrl: tool.jwksUrl,
      deploymentIds: tool.deploymentIds,
    },
    "cli",
  );
}

export const LEARNER = {
  sub: "5",
  name: "Léa Stagiaire",
  given_name: "Léa",
  family_name: "Stagiaire",
  email: "lea@example.test",
};
export const TEACHER = {
  sub: "3",
  name: "Fanny Formateur",
  given_name: "Fanny",
  family_name: "Formateur",
  email: "fanny@example.test",
};
