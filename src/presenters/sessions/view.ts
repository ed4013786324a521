// What the sessions area's pages are presented with: language, the launch's base, the programme's time
// zone (sessions happen at a place's local time) and the directory their people's names come from.
import type { PeopleDirectory } from "../../domain/people/people.js";
import type { Locale, Translate } from "../../i18n/i18n.js";

export interface SessionsView {
  t: Translate;
  locale: Locale;
  base: string;
  timeZone: string;
  people: Pick<PeopleDirectory, "people">;
}
