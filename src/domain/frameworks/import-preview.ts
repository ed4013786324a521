// What an import would do, shown before anything is stored: the tree, whether the same content is
// already there, and what changes against the latest version of the same framework.
import type { StoredFramework } from "./catalog.js";
import { contentHash } from "./content-hash.js";
import {
  countCompetences,
  diffFrameworks,
  type CompetenceCounts,
  type FrameworkDefinition,
  type FrameworkDiff,
} from "./framework.js";

export type ImportPreview =
  | {
      /** The same content is already stored (under this or another version label): nothing to import. */
      kind: "identical";
      definition: FrameworkDefinition;
      counts: CompetenceCounts;
      existing: StoredFramework;
    }
  | {
      /** This key and version already hold other content: a stored version is never changed. */
      kind: "version-taken";
      definition: FrameworkDefinition;
      counts: CompetenceCounts;
      existing: StoredFramework;
    }
  | {
      kind: "new";
      definition: FrameworkDefinition;
      counts: CompetenceCounts;
      /** The latest version of the same key, and what the new one changes; none for a new key. */
      previous: StoredFramework | undefined;
      diff: FrameworkDiff | undefined;
    };

/** `visible` are the frameworks the platform can see (shipped and its own), any status, oldest first. */
export function previewImport(
  definition: FrameworkDefinition,
  visible: readonly StoredFramework[],
): ImportPreview {
  const counts = countCompetences(definition);
  const hash = contentHash(definition);
  const identical = visible.find((stored) => contentHash(stored.definition) === hash);
  if (identical) return { kind: "identical", definition, counts, existing: identical };
  const sameKey = visible.filter((stored) => stored.key === definition.key);
  const taken = sameKey.find((stored) => stored.version === definition.version);
  if (taken) return { kind: "version-taken", definition, counts, existing: taken };
  const previous = sameKey.at(-1);
  return {
    kind: "new",
    definition,
    counts,
    previous,
    diff: previous ? diffFrameworks(previous.definition, definition) : undefined,
  };
}
