// What the support routes use: the area's services and names for display.
import type { PeopleDirectory } from "../../../domain/people/people.js";
import type { SupportParts } from "../../../support-parts.js";

export interface SupportRouteDeps {
  support: Pick<SupportParts, "signals" | "opening" | "work" | "space" | "standing" | "programme" | "deps">;
  people: Pick<PeopleDirectory, "people">;
}
