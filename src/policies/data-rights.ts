// Who may export or erase a person's data: the LMS administrators of that person's platform (an
// institution or system administrator role), never from another platform; nobody erases themselves
// (their own audit trail would name them after their erasure).
import { hasRole, type Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

export interface PersonTarget {
  platformId: string;
  userId: string;
}

const samePlatformAdmin = (actor: Actor, person: PersonTarget): boolean =>
  hasRole(actor, "admin") && actor.platformId === person.platformId;

export const dataRightsPolicy = definePolicy<"export" | "erase", PersonTarget>("dataRights", {
  export: samePlatformAdmin,
  erase: (actor, person) => samePlatformAdmin(actor, person) && actor.userId !== person.userId,
});
