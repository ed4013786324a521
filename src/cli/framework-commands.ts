// `carnet framework …`: import, list, export, archive and restore competence frameworks.
import { readFileSync, writeFileSync } from "node:fs";
import { countCompetences } from "../domain/frameworks/framework.js";
import { serializeFrameworkJson, toMoodleCsv } from "../domain/frameworks/index.js";
import { pickLocale, translator } from "../i18n/i18n.js";
import type { FrameworkFormat } from "../persistence/framework-repository.js";
import { formatProblems } from "../presenters/frameworks.js";
import type { CliContext } from "./context.js";
import { CliUsageError, printTable, type ParsedArgs } from "./args.js";

export const FRAMEWORK_USAGE = `carnet framework import <file> [--format moodle-csv|json] [--version V] [--platform <platform-id>]
carnet framework list [--json]
carnet framework archive|restore <framework-id>
carnet framework export <framework-id> --format moodle-csv|json [--out FILE]`;

function parseFormat(value: string | undefined): FrameworkFormat | undefined {
  if (value === undefined) return undefined;
  if (value === "json" || value === "moodle-csv") return value;
  throw new CliUsageError(`--format must be moodle-csv or json\n\n${FRAMEWORK_USAGE}`);
}

export async function frameworkCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const t = translator(pickLocale(undefined, process.env.LC_ALL ?? process.env.LANG));
  const repository = context.services.frameworks;
  const [command, target] = args.positionals;
  switch (command) {
    case "import": {
      if (!target) throw new CliUsageError(FRAMEWORK_USAGE);
      const text = readFileSync(target, "utf8");
      const platformId = args.option("platform") ?? null;
      if (platformId && !(await context.services.platforms.findById(platformId)))
        throw new CliUsageError(`No platform ${platformId}`);
      const outcome = await repository.import({
        platformId,
        text,
        format: parseFormat(args.option("format")),
        version: args.option("version"),
        importedBy: "cli",
      });
      if (!outcome.ok) {
        console.error(t("frameworks:cli.refused", { file: target, count: outcome.problems.length }));
        for (const line of formatProblems(outcome.problems, t)) console.error(`  - ${line}`);
        process.exitCode = 1;
        return;
      }
      const counts = countCompetences(outcome.framework.definition);
      console.log(
        `${outcome.created ? "Imported" : "Already imported"} ${outcome.framework.key} v${outcome.framework.version} as ${outcome.framework.id} (${counts.leaves} competences)`,
      );
      return;
    }
    case "list": {
      const frameworks = await repository.listAll();
      if (args.flag("json")) {
        console.log(
          JSON.stringify(
            frameworks.map(({ definition, ...meta }) => ({
              ...meta,
              title: definition.title,
              competences: countCompetences(definition).leaves,
            })),
            null,
            2,
          ),
        );
        return;
      }
      printTable(
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
      return;
    }
    case "archive":
    case "restore": {
      if (!target) throw new CliUsageError(FRAMEWORK_USAGE);
      const framework = (await repository.listAll()).find((f) => f.id === target);
      if (!framework || framework.shipped) throw new CliUsageError(`No imported framework ${target}`);
      await repository.setStatus(
        framework.platformId,
        framework.id,
        command === "archive" ? "archived" : "active",
      );
      console.log(
        `${command === "archive" ? "Archived" : "Restored"} ${framework.key} v${framework.version}`,
      );
      return;
    }
    case "export": {
      if (!target) throw new CliUsageError(FRAMEWORK_USAGE);
      const format = parseFormat(args.option("format")) ?? "json";
      const framework = (await repository.listAll()).find((f) => f.id === target);
      if (!framework) throw new CliUsageError(`No framework ${target}`);
      const text =
        format === "json" ? serializeFrameworkJson(framework.definition) : toMoodleCsv(framework.definition);
      const out = args.option("out");
      if (out) writeFileSync(out, text);
      else process.stdout.write(text);
      return;
    }
    default:
      throw new CliUsageError(FRAMEWORK_USAGE);
  }
}
