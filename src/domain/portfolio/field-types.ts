// Which trace types each field writes, in its order: trainee teachers (C2i2e, CRCN, C2i) start with
// lesson sequences and never see clinical vignettes or RSCAs; general-medicine interns start with the
// RSCA and are not offered lesson sequences. Read from the course's framework key, data below; any
// other framework (or none yet) gets every type, the plain note first.
import type { TraceTypeDefinition } from "./trace-types.js";

interface FieldTypes {
  /** Framework keys of the field's family (a version suffix is allowed: "c2i2e-2011"). */
  frameworks: RegExp;
  /** The field's built-in types, most used first. */
  order: readonly string[];
  /** Built-in types of other fields, kept out of the picker's main list. */
  elsewhere: readonly string[];
}

const FIELDS: readonly FieldTypes[] = [
  {
    frameworks: /^(c2i2e|crcn|c2i1)(\b|-)/,
    order: ["sequence", "trace-apprentissage", "ressource", "compte-rendu-stage", "note"],
    elsewhere: ["rsca", "vignette-clinique"],
  },
  {
    frameworks: /^medecine-generale(\b|-)/,
    order: ["rsca", "trace-apprentissage", "vignette-clinique", "compte-rendu-stage", "ressource", "note"],
    elsewhere: ["sequence"],
  },
];

function fieldOf(frameworkKey: string | null | undefined): FieldTypes | undefined {
  return frameworkKey ? FIELDS.find((field) => field.frameworks.test(frameworkKey)) : undefined;
}

export function firstTraceTypeFor(frameworkKey: string | null | undefined): string {
  return fieldOf(frameworkKey)?.order[0] ?? "note";
}

/** The picker's types: the field's own first, in its order, then the platform's own (admin-defined). */
export interface ArrangedTypes {
  main: TraceTypeDefinition[];
  /** Other fields' built-in types: still available, behind "other types". */
  others: TraceTypeDefinition[];
}

export function arrangeForField(
  types: readonly TraceTypeDefinition[],
  frameworkKey: string | null | undefined,
): ArrangedTypes {
  const field = fieldOf(frameworkKey);
  if (!field) return { main: [...types], others: [] };
  const rank = (type: TraceTypeDefinition): number => {
    const index = field.order.indexOf(type.key);
    // Admin-defined types come right after the field's own, in the order they were added.
    return type.builtIn && index >= 0 ? index : field.order.length;
  };
  const elsewhere = (type: TraceTypeDefinition): boolean =>
    type.builtIn && field.elsewhere.includes(type.key);
  const main = types.filter((type) => !elsewhere(type));
  return {
    main: main
      .map((type, index) => ({ type, index }))
      .sort((a, b) => rank(a.type) - rank(b.type) || a.index - b.index)
      .map(({ type }) => type),
    others: types.filter(elsewhere),
  };
}
