// Team notes about a learner, for the people who follow her (tutors, référent, formateurs of her
// course): read, and add one. Anyone else — the learner herself included — finds nothing (404).
import type { Router } from "express";
import { displayName, namesOf, type PeopleDirectory } from "../../../domain/people/people.js";
import type { TeamNotes } from "../../../domain/tutoring/team-notes.js";
import { found } from "../../../errors.js";
import { guard } from "../../../policies/policy.js";
import { tutoringLaunchPolicy } from "../../../policies/tutoring.js";
import { presentTeamNotes } from "../../../presenters/tutoring/team-notes.js";
import { typedValue } from "../../../presenters/typed-values.js";
import type { FormProblem } from "../../form-problem.js";
import { page, redirect, guardedRoutes, type PageResult, type RouteContext } from "../../route.js";
import { TeamNoteForm, TeamNotesPage } from "../../schemas/tutoring.js";

interface Deps {
  teamNotes: Pick<TeamNotes, "of" | "add">;
  people: Pick<PeopleDirectory, "people" | "person">;
}

async function notesPage(
  deps: Deps,
  ctx: Pick<RouteContext<undefined>, "actor" | "t" | "base">,
  learnerId: string,
  extra: { done?: boolean; problem?: FormProblem } = {},
): Promise<PageResult> {
  const { actor, t, base } = ctx;
  const notes = await deps.teamNotes.of(actor, learnerId);
  const person = found(await deps.people.person(actor.platformId, learnerId), "no such learner");
  const names = await namesOf(
    deps.people,
    actor.platformId,
    notes.notes.map((note) => note.authorId),
  );
  const name = displayName(person);
  return page("pages/tutoring/team-notes", "tutoring", {
    title: t("tutoring:teamNotes.title", { name }),
    name,
    ...presentTeamNotes(notes, { t, base, learnerId, names }),
    action: `${base}/tutoring/learners/${encodeURIComponent(learnerId)}/team-notes`,
    back: `${base}/tutoring`,
    done: extra.done ? t("tutoring:teamNotes.added") : "",
    values: { body: extra.problem ? (typedValue(extra.problem.values, "body") ?? "") : "" },
    errors: extra.problem?.errors ?? {},
  });
}

export function teamNoteRoutes(deps: Deps): Router {
  // Everyone may look; the learner decides (followedLearnerPolicy, 404 for anyone outside her team).
  const launched = guardedRoutes(guard(tutoringLaunchPolicy, "workspace"));

  launched.get("/tutoring/learners/:learnerId/team-notes", {
    input: TeamNotesPage,
    handle: (ctx) =>
      notesPage(deps, ctx, ctx.input.params.learnerId, { done: ctx.input.query.done === "note" }),
  });

  launched.post("/tutoring/learners/:learnerId/team-notes", {
    input: TeamNoteForm,
    messages: "tutoring",
    invalid: (ctx, problem) => notesPage(deps, ctx, String(ctx.req.params.learnerId ?? ""), { problem }),
    handle: async ({ actor, input }) => {
      const { learnerId } = input.params;
      await deps.teamNotes.add(actor, learnerId, input.body.body);
      return redirect(`/tutoring/learners/${encodeURIComponent(learnerId)}/team-notes`, { done: "note" });
    },
  });

  return launched.router;
}
