// A learner's file for their trainers: competences and self-assessments, the recent timeline, the
// portfolio link, the contact log and private notes. Learners never reach it (404), whoever they are.
import express, { type Router } from "express";
import type { Actor } from "../../domain/actor.js";
import type { PeopleDirectory } from "../../domain/people/people.js";
import type { LearnerFiles } from "../../domain/validation/tutor-file.js";
import { guard } from "../../policies/policy.js";
import { validationLaunchPolicy } from "../../policies/validation.js";
import { presentLearnerFile, type SentFileForm } from "../../presenters/learner-file.js";
import { page, redirect, route, type PageResult } from "../route.js";
import { ContactForm, LearnerFileInput, NoteForm } from "../schemas/learner-validation.js";
import { RECORD_ID } from "../schemas/validation-queue.js";
import { paramsOf, type PageContext } from "./validation-competence.js";
import { z, type ZodTypeAny } from "zod";

export interface LearnerFileRoutesDeps {
  files: Pick<LearnerFiles, "file" | "addNote" | "logContact">;
  people: Pick<PeopleDirectory, "people">;
}

const FileParams = z.object({ userId: RECORD_ID });

export function learnerFileRoutes(deps: LearnerFileRoutesDeps): Router {
  const router = express.Router();
  const follow = guard(validationLaunchPolicy, "followLearners");
  const filePath = (learnerId: string): string => `/learners/${encodeURIComponent(learnerId)}`;

  const filePage = async (
    ctx: PageContext,
    learnerId: string,
    options: { sent?: SentFileForm; done?: "note" | "contact" } = {},
  ): Promise<PageResult> => {
    const file = await deps.files.file(ctx.actor, learnerId);
    const model = await presentLearnerFile(file, options, { ...ctx, people: deps.people });
    return page("pages/cohort/learner", "cohort", model, options.sent ? 400 : 200);
  };

  route(router, {
    method: "get",
    path: "/learners/:userId",
    guard: follow,
    input: LearnerFileInput,
    handle: (ctx) => filePage(ctx, ctx.input.params.userId, { done: ctx.input.query.done }),
  });

  /** A form of the file: parsed, recorded, then back to the file at its section (or sent back refused). */
  function fileForm<Body extends ZodTypeAny>(
    name: "notes" | "contacts",
    body: Body,
    record: (actor: Actor, learnerId: string, typed: z.infer<Body>) => Promise<void>,
  ): void {
    route(router, {
      method: "post",
      path: `/learners/:userId/${name}`,
      guard: follow,
      input: z.object({ params: FileParams, body }),
      messages: "validation",
      invalid: (ctx, problem) => filePage(ctx, paramsOf(FileParams, ctx.req).userId, { sent: problem }),
      handle: async ({ actor, input }) => {
        await record(actor, input.params.userId, input.body);
        const done = name === "notes" ? "note" : "contact";
        return redirect(filePath(input.params.userId), { done }, `#${name}`);
      },
    });
  }

  fileForm("notes", NoteForm, (actor, learnerId, typed) => deps.files.addNote(actor, learnerId, typed.note));
  fileForm("contacts", ContactForm, (actor, learnerId, { date, channel, contactNote }) =>
    deps.files.logContact(actor, learnerId, { day: date, channel, note: contactNote }),
  );

  return router;
}
