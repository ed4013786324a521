// Who may do what with competence frameworks. The catalog (import, export, choose a course's
// framework) is for those who teach and for administrators; archiving an import is an
// administrator's decision; learners only ever meet their course's frameworks, through the portfolio
// and validation pages, never this catalog.
import { hasRole, teachesHere, type Actor } from "../domain/actor.js";
import type { StoredFramework } from "../domain/frameworks/catalog.js";
import { definePolicy } from "./policy.js";

const teacherOrAdmin = (actor: Actor): boolean => teachesHere(actor) || hasRole(actor, "admin");

/** Launch-level actions: may this person use the catalog at all (a 403 otherwise). */
export const frameworkCatalogPolicy = definePolicy<"view" | "import" | "chooseForCourse" | "archive", Actor>(
  "frameworks",
  {
    view: teacherOrAdmin,
    import: teacherOrAdmin,
    // A course's framework is chosen from inside the course, by who teaches there.
    chooseForCourse: (actor) => teachesHere(actor),
    archive: (actor) => hasRole(actor, "admin"),
  },
);

export type FrameworkTarget = Pick<StoredFramework, "platformId" | "shipped" | "status">;

/** The platform sees the shipped frameworks and its own imports, never another platform's. */
function visibleTo(actor: Actor, framework: FrameworkTarget): boolean {
  return framework.platformId === null || framework.platformId === actor.platformId;
}

/** Actions on one framework (a 404 when refused: another platform's imports are not its business). */
export const frameworkPolicy = definePolicy<"export" | "choose" | "archive" | "restore", FrameworkTarget>(
  "frameworks",
  {
    export: (actor, framework) => teacherOrAdmin(actor) && visibleTo(actor, framework),
    // Archived frameworks stay readable where they are used, and are offered for no new course.
    choose: (actor, framework) =>
      teachesHere(actor) && visibleTo(actor, framework) && framework.status === "active",
    archive: (actor, framework) =>
      hasRole(actor, "admin") &&
      framework.platformId === actor.platformId &&
      !framework.shipped &&
      framework.status === "active",
    restore: (actor, framework) =>
      hasRole(actor, "admin") &&
      framework.platformId === actor.platformId &&
      !framework.shipped &&
      framework.status === "archived",
  },
);
