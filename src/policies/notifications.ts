// Notifications: everyone launched has their own inbox; nobody reads another's (the inbox is keyed by
// the actor, so there is no target to check).
import type { Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

export const notificationsPolicy = definePolicy<"read" | "markRead", Actor>("notifications", {
  read: () => true,
  markRead: () => true,
});
