// The work done in worker threads: pure functions of plain data, since only data crosses a thread.
import { z } from "zod";
import { parseFrameworkFile } from "../domain/frameworks/parse-file.js";
import type { ImportResult } from "../domain/frameworks/problems.js";
import { wordChanges, type WordChange } from "../domain/portfolio/diff.js";
import { renderMarkdownHtml } from "../domain/portfolio/markdown.js";

const MarkdownInput = z.array(z.string());
const DiffInput = z.array(z.object({ before: z.string(), after: z.string() }));
const FrameworkInput = z.object({
  text: z.string(),
  format: z.enum(["json", "moodle-csv", "case"]),
  version: z.string().optional(),
});

export interface HeavyTasks {
  /** Sources → sanitized HTML, in order. */
  markdown: { input: string[]; output: string[] };
  /** Pairs of texts → their word changes, null where too different to compare within the cap. */
  diff: { input: { before: string; after: string }[]; output: (WordChange[] | null)[] };
  /** A framework file → its definition or every problem found. */
  framework: { input: z.infer<typeof FrameworkInput>; output: ImportResult };
}

export type HeavyTaskName = keyof HeavyTasks;
export type HeavyTaskInput<K extends HeavyTaskName> = HeavyTasks[K]["input"];
export type HeavyTaskOutput<K extends HeavyTaskName> = HeavyTasks[K]["output"];

/** Runs a task by name; the input is parsed, since it comes from another thread. */
export function performHeavyTask(task: string, input: unknown): unknown {
  switch (task) {
    case "markdown":
      return MarkdownInput.parse(input).map(renderMarkdownHtml);
    case "diff":
      return DiffInput.parse(input).map((pair) => wordChanges(pair.before, pair.after));
    case "framework":
      return parseFrameworkFile(FrameworkInput.parse(input));
    default:
      throw new Error(`unknown task ${task}`);
  }
}
