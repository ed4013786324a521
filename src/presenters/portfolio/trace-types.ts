// The administrators' page of the platform's trace types: the list (built-in, proposed, archived) and
// the form to add one, shown again with what was typed when it is refused.
import {
  localize,
  MAX_CUSTOM_SECTIONS,
  type TraceTypeDefinition,
} from "../../domain/portfolio/trace-types.js";
import type { ViewContext } from "./context.js";
import type { FlashView } from "./flash.js";

const SECTION_FIELDS = ["titleFr", "titleEn", "guidanceFr", "guidanceEn"] as const;

export interface TypeFormState {
  /** The form's fields as typed (after a refusal). */
  values?: Readonly<Record<string, string | string[]>>;
  /** Field name → localized message. */
  errors?: Readonly<Record<string, string>>;
  flash?: FlashView;
}

interface FieldView {
  value: string;
  error: string | null;
}

export interface TraceTypesPage {
  title: string;
  types: {
    key: string;
    name: string;
    sections: string;
    builtIn: boolean;
    archived: boolean;
    archiveAction: string;
  }[];
  fields: Record<string, FieldView>;
  slots: ({ index: number; number: number; first: boolean } & Record<string, unknown>)[];
  flash: FlashView | null;
}

export function presentTraceTypes(
  types: readonly TraceTypeDefinition[],
  view: ViewContext,
  state: TypeFormState = {},
): TraceTypesPage {
  const { t, locale, base } = view;
  const fieldOf = (name: string): FieldView => {
    const value = state.values?.[name];
    return { value: (Array.isArray(value) ? value[0] : value) ?? "", error: state.errors?.[name] ?? null };
  };
  return {
    title: t("portfolio:adminTypes.title"),
    types: types.map((type) => ({
      key: type.key,
      name: localize(type.name, locale),
      sections: type.sections.map((section) => localize(section.title, locale)).join(" · "),
      builtIn: type.builtIn,
      archived: type.archived,
      archiveAction: `${base}/admin/trace-types/${encodeURIComponent(type.key)}/archive`,
    })),
    fields: Object.fromEntries(
      ["nameFr", "nameEn", "descriptionFr", "descriptionEn"].map((name) => [name, fieldOf(name)]),
    ),
    slots: Array.from({ length: MAX_CUSTOM_SECTIONS }, (_value, index) => ({
      index,
      number: index + 1,
      first: index === 0,
      ...Object.fromEntries(SECTION_FIELDS.map((name) => [name, fieldOf(`section_${index}_${name}`)])),
    })),
    flash: state.flash ?? null,
  };
}
