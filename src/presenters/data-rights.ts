// The data rights page's view model: the person found (name and LMS id, for the administrator to check
// it is the right one), what Carnet holds on them per kind, and what an erasure deletes or pseudonymises.
import type { PersonInventory } from "../domain/people/data-rights.js";
import type { Translate } from "../i18n/i18n.js";

export interface PersonPageInput {
  sub: string | undefined;
  found: PersonInventory | null;
  can: { export: boolean; erase: boolean };
  /** The erasure just done (its journal id), after the redirect. */
  erased?: string;
  /** What was typed in a refused erasure form. */
  form?: Record<string, unknown>;
}

export interface KindRow {
  label: string;
  own: number;
  mentions: number;
}

export function kindLabel(t: Translate, kind: string): string {
  return t(`rights:kinds.${kind}`, { defaultValue: kind });
}

export function personPage(
  context: { t: Translate },
  input: PersonPageInput,
): { title: string } & Record<string, unknown> {
  const { t } = context;
  const { found } = input;
  const rows: KindRow[] = (found?.counts ?? []).map((count) => ({
    label: kindLabel(t, count.kind),
    own: count.own,
    mentions: count.mentions,
  }));
  return {
    title: t("rights:title"),
    sub: input.sub ?? "",
    searched: input.sub !== undefined,
    erased: input.erased,
    person: found
      ? {
          name: found.person.names[0] ?? "",
          sub: found.person.sub,
          unfinished: found.erasureUnfinished,
          deleted: rows.reduce((sum, row) => sum + row.own, 0),
          pseudonymised: rows.reduce((sum, row) => sum + row.mentions, 0),
        }
      : undefined,
    rows,
    can: input.can,
    form: input.form ?? {},
  };
}
