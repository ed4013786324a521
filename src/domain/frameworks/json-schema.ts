// JSON Schema of Carnet's framework format, generated from the zod model so the two never drift
// (a unit test compares it with the committed data/frameworks/framework.schema.json).
import { zodToJsonSchema } from "zod-to-json-schema";
import {
  CodeSchema,
  CompetenceNodeSchema,
  FrameworkDefinitionSchema,
  LocalizedTextSchema,
  TextSchema,
} from "./framework.js";

export function frameworkJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = zodToJsonSchema(FrameworkDefinitionSchema, {
    name: "FrameworkDefinition",
    $refStrategy: "root",
    definitions: {
      Code: CodeSchema,
      Text: TextSchema,
      LocalizedText: LocalizedTextSchema,
      CompetenceNode: CompetenceNodeSchema,
    },
  });
  return {
    $schema,
    title: "Carnet competence framework",
    description:
      "A versioned competence framework for Carnet: a proficiency scale, a tree of competences " +
      "(only leaves are assessable) and optional families of situations. See docs/frameworks.md.",
    ...generated,
  };
}
