// lti-config/ is read and checked at start: the shipped files are valid, a bad one stops Carnet with
// one line naming the file and the field, and values may name Carnet's URLs only.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { fillJson, loadLtiConfig, PRESETS } from "../../src/config/lti-config.js";
import { paths } from "../../src/paths.js";
import { describeTool } from "../../src/lti/tool-description.js";

function copyWith(file: string, edit: (json: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "carnet-lti-config-"));
  cpSync(paths.ltiConfig, dir, { recursive: true });
  const json = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
  edit(json);
  writeFileSync(path.join(dir, file), JSON.stringify(json));
  return dir;
}

function problemsWith(dir: string): string[] {
  try {
    loadConfig({}, { persistDevKey: false, ltiConfigDir: dir });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("lti-config", () => {
  it("ships a valid tool description and a preset for Moodle, Canvas, Brightspace and Sakai", () => {
    const config = loadLtiConfig(paths.ltiConfig);
    expect(Object.keys(config.presets)).to.deep.equal([...PRESETS]);
    expect(config.tool.title.fr).to.contain("Carnet");
    expect(config.tool.messages.map((message) => message.type)).to.include("LtiDeepLinkingRequest");
  });

  it("stops start-up with one line naming the file and the field", () => {
    const dir = copyWith("tool.json", (json) => {
      json.title = { en: "Carnet" };
    });
    const problems = problemsWith(dir);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^lti-config\/tool\.json: title\.fr Required$/);
    expect(problems[0]).to.not.contain("\n");
  });

  it("refuses unknown URL names and malformed JSON", () => {
    const unknown = copyWith("moodle.json", (json) => {
      json.steps = [{ fr: "Collez {secret}", en: "Paste {secret}" }];
    });
    expect(problemsWith(unknown)[0]).to.match(/^lti-config\/moodle\.json: steps\.0\.fr may name only/);
    const broken = copyWith("sakai.json", () => undefined);
    writeFileSync(path.join(broken, "sakai.json"), "{ not json");
    expect(problemsWith(broken)[0]).to.match(/^lti-config\/sakai\.json is not JSON/);
  });

  it("fills Carnet's URLs into the Canvas developer key, leaving no placeholder", () => {
    const tool = describeTool("https://carnet.example.edu", loadLtiConfig(paths.ltiConfig));
    const key = JSON.stringify(tool.canvasDeveloperKey());
    expect(key).to.not.match(/\{[a-zA-Z]+\}/);
    expect(key).to.contain('"oidc_initiation_url":"https://carnet.example.edu/lti/login"');
    expect(key).to.contain('"public_jwk_url":"https://carnet.example.edu/lti/keys"');
    expect(key).to.contain('"domain":"carnet.example.edu"');
    expect(fillJson({ a: ["{launch}", 3, { b: "{nope}" }] }, tool.urls)).to.deep.equal({
      a: ["https://carnet.example.edu/lti/launch", 3, { b: "{nope}" }],
    });
  });
});
