// Which navigation entry a page about someone's traces belongs to: the portfolio for its author and the
// author's group, the trainers' workspace for those who teach in the launch's course.
import { teachesHere, type Actor } from "../../../domain/actor.js";
import type { ReaderRole } from "../../../policies/portfolio.js";
import type { NavKey } from "../../navigation.js";

export function reviewerNav(actor: Actor): NavKey {
  return teachesHere(actor) ? "cohort" : "traces";
}

export function readerNav(actor: Actor, role: ReaderRole): NavKey {
  return role === "owner" || role === "peer" ? "traces" : reviewerNav(actor);
}
