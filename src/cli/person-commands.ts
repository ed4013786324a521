// `carnet person …`: a person's data rights from the terminal — what Carnet holds on them, their export
// as a ZIP, their erasure (shown first, done with --yes; running it again finishes an interrupted one).
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { PersonInventory } from "../domain/people/data-rights.js";
import { personExportArchive } from "../presenters/person-export.js";
import { CliUsageError, printTable, type ParsedArgs } from "./args.js";
import type { CliContext } from "./context.js";
import { cliActor } from "./platform-commands.js";

export const PERSON_USAGE = `carnet person show --platform ID --user SUB          # what Carnet holds on them
carnet person export --platform ID --user SUB --out FILE.zip
carnet person erase --platform ID --user SUB [--yes] # without --yes: what would be removed`;

function option(args: ParsedArgs, name: string): string {
  const value = args.option(name);
  if (!value) throw new CliUsageError(`--${name} is required\n\n${PERSON_USAGE}`);
  return value;
}

function printInventory(found: PersonInventory): void {
  printTable(
    ["kind", "theirs (deleted)", "others' naming them (pseudonymised)"],
    found.counts.map((count) => [count.kind, String(count.own), String(count.mentions)]),
  );
  if (found.erasureUnfinished)
    console.log("\nAn erasure of this person was interrupted: erase again to finish it.");
}

export async function personCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const [command] = args.positionals;
  if (command !== "show" && command !== "export" && command !== "erase")
    throw new CliUsageError(PERSON_USAGE);
  const platformId = option(args, "platform");
  const sub = option(args, "user");
  const rights = context.services.dataRights;
  const found = await rights.locate(platformId, sub);
  if (!found) throw new CliUsageError(`No person with LMS id ${sub} on platform ${platformId}`);
  switch (command) {
    case "show":
      printInventory(found);
      return;
    case "export": {
      const out = option(args, "out");
      const exported = await rights.export(found.person, cliActor());
      await pipeline(personExportArchive(exported), createWriteStream(out, { flags: "wx" }));
      const documents = exported.kinds.reduce((sum, kind) => sum + kind.documents.length, 0);
      console.log(
        `Wrote ${out}: ${documents} documents in ${exported.kinds.length} kinds, ${exported.files.length} files.`,
      );
      return;
    }
    case "erase": {
      if (!args.flag("yes")) {
        printInventory(found);
        console.log("\nNothing changed. Run again with --yes to erase this person.");
        return;
      }
      const result = await rights.erase(found.person, cliActor());
      console.log(
        `Erased (erasure ${result.erasureId}): ${result.summary.deleted} documents deleted, ` +
          `${result.summary.pseudonymised} of others' pseudonymised.`,
      );
    }
  }
}
