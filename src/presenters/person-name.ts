// The name shown for a person id a page cannot name: "personne effacée" for an erased person (their
// validations and decisions stay, by a pseudonym), the page's own wording for anyone else unknown.
import { isErasedPerson } from "../domain/people/data-rights.js";
import type { Translate } from "../i18n/i18n.js";

export function nameOr(
  names: ReadonlyMap<string, string>,
  id: string,
  t: Translate,
  unknownKey = "validation:someone",
): string {
  return names.get(id) ?? t(isErasedPerson(id) ? "rights:erasedPerson" : unknownKey);
}
