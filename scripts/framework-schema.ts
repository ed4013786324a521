// Regenerates data/frameworks/framework.schema.json from the zod model (a unit test checks they agree).
import { writeFileSync } from "node:fs";
import { frameworkJsonSchema } from "../src/domain/frameworks/json-schema.js";

const target = new URL("../data/frameworks/framework.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(frameworkJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
