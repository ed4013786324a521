// Replaces a person by a pseudonym inside one stored document, however deep (arrays, subdocuments, JSON
// text, composite keys): their user id wherever it appears in a text, their name or e-mail where a text
// is exactly that. Returns only the top-level fields that changed, to be written back as they are.

export interface PersonMention {
  userId: string;
  names: readonly string[];
}

export interface Replacement {
  changes: Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  // BSON values (ObjectId, Binary, Decimal128…) and Dates are leaves.
  return prototype === Object.prototype || prototype === null;
}

function replaceValue(value: unknown, person: PersonMention, pseudonym: string): unknown {
  if (typeof value === "string") {
    if (person.names.includes(value)) return pseudonym;
    return value.includes(person.userId) ? value.split(person.userId).join(pseudonym) : value;
  }
  if (Array.isArray(value)) return value.map((item) => replaceValue(item, person, pseudonym));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, replaceValue(inner, person, pseudonym)]),
    );
  }
  return value;
}

export function replacePerson(
  doc: Record<string, unknown>,
  person: PersonMention,
  pseudonym: string,
): Replacement {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === "_id") continue;
    const replaced = replaceValue(value, person, pseudonym);
    if (JSON.stringify(replaced) !== JSON.stringify(value)) changes[key] = replaced;
  }
  return { changes };
}
