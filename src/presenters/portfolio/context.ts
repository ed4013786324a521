// What every portfolio page presenter starts from: the reader's language, the launch's base path, the
// platform's trace types and the names of the people a page shows (one query for all of them).
import type { Actor } from "../../domain/actor.js";
import { namesOf, type PeopleDirectory } from "../../domain/people/people.js";
import type { TraceTypeCatalog } from "../../domain/portfolio/type-catalog.js";
import type { Translate } from "../../i18n/i18n.js";
import type { PresentContext } from "./trace-views.js";
import { isErasedPerson } from "../../domain/people/data-rights.js";

/** The reader's side of a page: language and the launch's base path (/l/<launchId>). */
export interface ViewContext {
  t: Translate;
  locale: string;
  base: string;
}

export interface ContextSources {
  types: Pick<TraceTypeCatalog, "all">;
  people: Pick<PeopleDirectory, "people">;
}

export async function presentContext(
  sources: ContextSources,
  actor: Actor,
  view: ViewContext,
  nameIds: Iterable<string> = [],
): Promise<PresentContext> {
  const ids = [...new Set(nameIds)];
  const [types, found] = await Promise.all([
    sources.types.all(actor.platformId),
    ids.length > 0 ? namesOf(sources.people, actor.platformId, ids) : new Map<string, string>(),
  ]);
  // Someone Carnet no longer knows is still someone: a dash, never an empty name.
  const names = new Map(
    ids.map((id) => [id, found.get(id) ?? (isErasedPerson(id) ? view.t("rights:erasedPerson") : "—")]),
  );
  return { t: view.t, locale: view.locale, base: view.base, types, names };
}
