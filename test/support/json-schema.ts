// Validators built from official JSON schemas kept under test/fixtures (1EdTech CASE 1.1, Open
// Badges 3.0): a test says which rule a document breaks, by path.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";

export type Validator = (value: unknown) => string[];

function fixture(path: string): object {
  const parsed: unknown = JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new Error(`${path} is not a JSON object`);
  return parsed;
}

function validator(validate: ((value: unknown) => boolean) & { errors?: unknown }): Validator {
  return (value) => {
    validate(value);
    const errors = Array.isArray(validate.errors)
      ? (validate.errors as { instancePath: string; message?: string }[])
      : [];
    return errors.map((error) => `${error.instancePath} ${error.message ?? ""}`.trim());
  };
}

/** CFPackageDType of 1EdTech's CASE 1.1 OpenAPI definition (OpenAPI 3.0 schema objects). */
export function casePackageValidator(): Validator {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(fixture("case/imscasev1p1_openapi3_v1p0.json"), "case");
  const validate = ajv.getSchema("case#/components/schemas/CFPackageDType");
  if (!validate) throw new Error("CFPackageDType not found");
  return validator(validate);
}

/** 1EdTech's JSON schema of an Open Badges 3.0 AchievementCredential (JSON Schema 2019-09). */
export function achievementCredentialValidator(): Validator {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return validator(ajv.compile(fixture("openbadges/ob_v3p0_achievementcredential_schema.json")));
}
