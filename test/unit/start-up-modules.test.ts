// What a Carnet process loads when it starts: the libraries only some requests need (the dossier's PDF,
// e-mail, the framework JSON Schema) load on first use, each a few MB of memory that a
// process serving launches never needs (docs/performance.md, "Memory").
import { spawn } from "node:child_process";
import { expect } from "chai";
import { z } from "zod";
import { projectRoot } from "../../src/paths.js";

// Runs in a fresh process: this test process has loaded every module through other tests. A module
// hook reports every module loaded after it is registered; a last data: module marks the end, since
// the hook's messages arrive on their own thread's schedule.
const probe = `
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
const hook = "let port; export function initialize(data) { port = data.port; } " +
  "export async function load(url, context, next) { port.postMessage(url); return next(url, context); }";
const { port1, port2 } = new MessageChannel();
const END = "data:text/javascript,export const end = 1;";
const loaded = [];
const ended = new Promise((resolve) => port1.on("message", (url) => (url === END ? resolve() : loaded.push(url))));
register("data:text/javascript," + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });
await import(pathToFileURL("src/main.ts").href);
await import(END);
await ended;
port1.close();
const required = Object.keys(createRequire(import.meta.url).cache);
process.stdout.write(JSON.stringify([...loaded, ...required]));
`;

const LoadedModules = z.array(z.string());

function modulesLoadedAtStart(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", probe], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the probe exited with ${code}: ${stderr}`));
      else resolve(LoadedModules.parse(JSON.parse(stdout)));
    });
  });
}

/** The package a module file belongs to (the innermost one for nested node_modules). */
function packageOf(url: string): string | undefined {
  const marker = "/node_modules/";
  const at = url.lastIndexOf(marker);
  if (at < 0) return undefined;
  const [first, second] = url.slice(at + marker.length).split("/");
  return first?.startsWith("@") ? `${first}/${second ?? ""}` : first;
}

describe("Carnet's start-up (src/main.ts and everything it imports)", () => {
  let packages: Set<string>;

  before(async () => {
    packages = new Set((await modulesLoadedAtStart()).flatMap((url) => packageOf(url) ?? []));
  });

  it("loads what every request needs (the probe sees modules at all)", () => {
    expect([...packages]).to.include.members(["express", "mongoose", "ltijs", "handlebars"]);
  });

  for (const lazy of ["pdfkit", "fontkit", "nodemailer", "zod-to-json-schema"]) {
    it(`does not load ${lazy}, which only some requests need`, () => {
      expect([...packages]).not.to.include(lazy);
    });
  }
});
