// Ending one's own session: anyone launched may, and only their own (the session is the request's).
import type { Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

export const sessionPolicy = definePolicy<"signOut", Actor>("session", {
  signOut: () => true,
});
