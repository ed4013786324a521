// `carnet framework …`: import, list, export, archive and restore competence frameworks.
import { readFileSync, writeFileSync } from "node:fs";
import { countCompetences } from "../domain/frameworks/framework.js";
import { serializeFrameworkJson, toCaseJson, toMoodleCsv } from "../domain/frameworks/index.js";
import { pickLocale, translator } from "../i18n/i18n.js";
import type { FrameworkFormat } from "../persistence/framework-repository.js";
import { formatProblems } from "../presenters/frameworks.js";
import type { CliContext } from "./context.js";
import { CliUsageError, printListing, type ParsedArgs } from "./args.js";

export const FRAMEWORK_USAGE = `carnet framework import <file> [--format moodle-csv|case|json] [--version V] [--platform <platform-id>]
carnet framework list [--json]
carnet framework archive|restore <framework-id>
carnet framework export <framework-id> --format moodle-csv|case|json [--out FILE]`;

function parseFormat(value: string | undefined): FrameworkFormat | undefined {
  if (value === undefined) return undefined;
  if (value === "json" || value === "moodle-csv" || value === "case") return value;
  throw new CliUsageError(`--format must be moodle-csv, case or json\n\n${FRAMEWORK_USAGE}`);
}

type Repository = CliContext["services"]["frameworks"];

async function importFile(context: CliContext, args: ParsedArgs, file: string): Promise<void> {
  const t = translator(pickLocale(undefined, process.env.LC_ALL ?? process.env.LANG));
  const platformId = args.option("platform") ?? null;
  if (platformId && !(await context.services.platforms.findById(platformId)))
    throw new CliUsageError(`No platform ${platformId}`);
  const outcome = await context.services.frameworks.import({
    platformId,
    text: readFileSync(file, "utf8"),
    format: parseFormat(args.option("format")),
    version: args.option("version"),
    importedBy: "cli",
  });
  if (!outcome.ok) {
    console.error(t("frameworks:cli.refused", { file, count: outcome.problems.length }));
    for (const line of formatProblems(outcome.problems, t)) console.error(`  - ${line}`);
    process.exitCode = 1;
    return;
  }
  const { framework } = outcome;
  const counts = countCompetences(framework.definition);
  console.log(
    `${outcome.created ? "Imported" : "Already imported"} ${framework.key} v${framework.version} as ${framework.id} (${counts.leaves} competences)`,
  );
}

async function list(repository: Repository, json: boolean): Promise<void> {
  const frameworks = await repository.listAll();
  const records = frameworks.map(({ definition, ...meta }) => ({
    ...meta,
    title: definition.title,
    competences: countCompetences(definition).leaves,
  }));
  printListing(
    json,
    records,
    ["id", "key", "version", "title", "competences", "scope", "status"],
    frameworks.map((f) => [
      f.id,
      f.key,
      f.version,
      f.definition.title.fr,
      String(countCompetences(f.definition).leaves),
      f.platformId ?? (f.shipped ? "shipped" : "all platforms"),
      f.status,
    ]),
  );
}

async function setStatus(repository: Repository, id: string, status: "archived" | "active"): Promise<void> {
  const framework = (await repository.listAll()).find((f) => f.id === id);
  if (!framework || framework.shipped) throw new CliUsageError(`No imported framework ${id}`);
  await repository.setStatus(framework.platformId, framework.id, status);
  console.log(`${status === "archived" ? "Archived" : "Restored"} ${framework.key} v${framework.version}`);
}

async function exportFramework(repository: Repository, args: ParsedArgs, id: string): Promise<void> {
  const format = parseFormat(args.option("format")) ?? "json";
  const framework = (await repository.listAll()).find((f) => f.id === id);
  if (!framework) throw new CliUsageError(`No framework ${id}`);
  const text =
    format === "json"
      ? serializeFrameworkJson(framework.definition)
      : format === "case"
        ? toCaseJson(framework.definition, { lastChange: framework.importedAt })
        : toMoodleCsv(framework.definition);
  const out = args.option("out");
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

export async function frameworkCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const repository = context.services.frameworks;
  const [command, target] = args.positionals;
  if (command === "list") return list(repository, args.flag("json"));
  if (!target) throw new CliUsageError(FRAMEWORK_USAGE);
  switch (command) {
    case "import":
      return importFile(context, args, target);
    case "archive":
      return setStatus(repository, target, "archived");
    case "restore":
      return setStatus(repository, target, "active");
    case "export":
      return exportFramework(repository, args, target);
    default:
      throw new CliUsageError(FRAMEWORK_USAGE);
  }
}
