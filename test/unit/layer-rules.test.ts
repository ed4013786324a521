// The layer rules hold: a probe that crosses a layer fails lint (the rules are not just written down).
import { expect } from "chai";
import { ESLint } from "eslint";

const untyped = {
  languageOptions: { parserOptions: { projectService: false } },
  rules: {
    "@typescript-eslint/no-floating-promises": "off",
    "@typescript-eslint/no-misused-promises": "off",
  },
} as const;

async function problems(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ overrideConfig: untyped });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? "parse"}: ${message.message}`);
}

describe("layer rules (lint)", function () {
  this.timeout(60_000);

  it("refuses a domain file importing the web layer by a relative path", async () => {
    const found = await problems(
      "src/domain/portfolio/layer-probe.ts",
      'import { renderPage } from "../../web/render.js";\nexport const probe = renderPage;\n',
    );
    expect(found.some((p) => p.startsWith("no-restricted-imports"))).to.equal(true);
  });

  it("refuses a policy importing persistence or mongoose", async () => {
    const found = await problems(
      "src/policies/layer-probe.ts",
      'import mongoose from "mongoose";\nimport { PeopleRepository } from "../persistence/people-repository.js";\nexport const probe = [mongoose, PeopleRepository];\n',
    );
    expect(found.filter((p) => p.startsWith("no-restricted-imports"))).to.have.length(2);
  });

  it("refuses a route importing a mongoose model", async () => {
    const found = await problems(
      "src/web/routes/layer-probe.ts",
      'import { ltiModels } from "../../persistence/models/lti-models.js";\nexport const probe = ltiModels;\n',
    );
    expect(found.some((p) => p.startsWith("no-restricted-imports"))).to.equal(true);
  });

  it("lets a domain file import another domain module", async () => {
    const found = await problems(
      "src/domain/portfolio/layer-probe.ts",
      'import { sameCourse } from "../course.js";\nexport const probe = sameCourse;\n',
    );
    expect(found.filter((p) => p.startsWith("no-restricted-imports"))).to.deep.equal([]);
  });
});
