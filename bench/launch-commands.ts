// Database commands per launch (login → launch POST → first page), for Carnet and the ltijs baseline in
// the same run: a second process of each, connected through a counting proxy (lib/command-counter.ts),
// in the launch benchmark's shape (several LMSs × 4 courses; a new person's first launch, or a person
// launching again from the browser they used before). Counts do not depend on the machine's load.
import type { SimulatedLms, ToolRegistration } from "../test/support/sim-lms/index.js";
import { Browser } from "../test/support/sim-lms/index.js";
import { CommandCounter, countsBetween, type CommandCounts } from "./lib/command-counter.js";
import { freePort, type ServerProcess } from "./lib/processes.js";
import { round, type BenchResult } from "./lib/stats.js";

const COURSES = 4;
/** New people measured per platform and course; repeat launches measured: the same number in all. */
const NEW_PER_COURSE = 2;

export interface CountedTarget {
  label: string;
  /** Text the first page must contain. */
  expect: string;
  /** Starts the tool's process on `uri` (the proxy's), listening on `port`. */
  start(uri: string, port: number): Promise<ServerProcess>;
  /** Registers the tool at `url` in the LMS (a new platform as the tool sees it). */
  register(lms: SimulatedLms, url: string): Promise<ToolRegistration>;
}

interface Person {
  lms: SimulatedLms;
  tool: ToolRegistration;
  sub: string;
  contextId: string;
  browser: Browser;
}

export interface LaunchCommandCounts {
  label: string;
  newPerson: CommandCounts & { launches: number };
  repeat: CommandCounts & { launches: number };
}

/**
 * New people's first launches on a warm process (every course already known), then, after a restart
 * (cold caches: in the benchmark a repeat launch is mostly someone seen minutes earlier), one warm-up
 * launch per course and the earlier people launching again.
 */
export async function countLaunchCommands(
  uri: string,
  lmsList: readonly SimulatedLms[],
  target: CountedTarget,
): Promise<LaunchCommandCounts> {
  const counter = await CommandCounter.start(uri);
  const port = await freePort();
  let server = await target.start(counter.uriFor(uri), port);
  try {
    const entries: { lms: SimulatedLms; tool: ToolRegistration }[] = [];
    for (const lms of lmsList) entries.push({ lms, tool: await target.register(lms, server.url) });
    let serial = 0;
    const newPeople = (perCourse: number): Person[] =>
      entries.flatMap(({ lms, tool }) =>
        Array.from({ length: COURSES * perCourse }, (_, i) => ({
          lms,
          tool,
          sub: `count-${target.label}-${(serial += 1)}`,
          contextId: `bench-course-${i % COURSES}`,
          browser: new Browser(),
        })),
      );
    await launchAll(newPeople(1), target.expect);
    const measuredNew = newPeople(NEW_PER_COURSE);
    const newPerson = await counted(counter, () => launchAll(measuredNew, target.expect));

    await server.stop();
    server = await target.start(counter.uriFor(uri), port);
    await launchAll(newPeople(1), target.expect);
    const repeat = await counted(counter, () => launchAll(measuredNew, target.expect));
    return {
      label: target.label,
      newPerson: { ...newPerson, launches: measuredNew.length },
      repeat: { ...repeat, launches: measuredNew.length },
    };
  } finally {
    await server.stop();
    await counter.close();
  }
}

async function counted(counter: CommandCounter, run: () => Promise<void>): Promise<CommandCounts> {
  const before = counter.snapshot();
  await run();
  return countsBetween(before, counter.snapshot());
}

/** One at a time: each launch's commands are over before the next one starts. */
async function launchAll(people: readonly Person[], expect: string): Promise<void> {
  for (const person of people) {
    const result = await person.lms.launch(person.browser, {
      tool: person.tool,
      user: { sub: person.sub, name: `Stagiaire ${person.sub}` },
      roles: ["Learner"],
      context: { id: person.contextId, title: `Promotion ${person.contextId}` },
      locale: "fr",
    });
    if (result.final.status !== 200 || !result.final.text.includes(expect)) {
      throw new Error(
        `counted launch failed: HTTP ${result.final.status} ${result.final.text.slice(0, 200)}`,
      );
    }
  }
}

/** "DB commands per launch (new person / repeat): Carnet x / ltijs y", with what they are. */
export function commandResults(carnet: LaunchCommandCounts, baseline: LaunchCommandCounts): BenchResult[] {
  const per = (counts: CommandCounts & { launches: number }): number => counts.total / counts.launches;
  const { newPerson, repeat } = carnet;
  const figures = (counts: LaunchCommandCounts): string =>
    `${round(per(counts.newPerson), 1)} / ${round(per(counts.repeat), 1)}`;
  console.log(
    `DB commands per launch (new person / repeat): Carnet ${figures(carnet)} / ${baseline.label} ${figures(baseline)}`,
  );
  return [
    {
      name: "DB commands per launch (new person / repeat)",
      value: round(per(newPerson), 1),
      unit: "commands",
      target: "≤ baseline",
      met: per(newPerson) <= per(baseline.newPerson) && per(repeat) <= per(baseline.repeat),
      note: `Carnet ${figures(carnet)}, ${baseline.label} ${figures(baseline)}; login → first page, ${newPerson.launches} launches of each kind, one at a time`,
    },
    ...[carnet, baseline].map((counts) => ({
      name: `DB commands per launch, ${counts.label}, by command`,
      value: round(per(counts.newPerson), 1),
      unit: "(new person)",
      target: "—",
      met: null,
      note: `new person: ${breakdown(counts.newPerson)}; repeat: ${breakdown(counts.repeat)}`,
    })),
  ];
}

function breakdown(counts: CommandCounts & { launches: number }): string {
  return [...counts.byName]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([name, count]) => `${name} ${round(count / counts.launches, 2)}`)
    .join(", ");
}
