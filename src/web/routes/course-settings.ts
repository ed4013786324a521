// The course's validation rules, set by who teaches in it: single or double validation, the reminder
// delay, and the referent every learner sees (else each learner's first tutor).
import express, { type Response, type Router } from "express";
import { invalid, launchScope } from "../../domain/validation/service.js";
import type { MembershipDoc } from "../../persistence/models/lti-models.js";
import { displayName, PeopleRepository } from "../../persistence/people-repository.js";
import { actorOf, renderPage } from "../render.js";
import { Form } from "../schemas/validation-forms.js";
import type { LaunchedDeps } from "./launched.js";
import { fieldMessages, handle, requireTeaching } from "./validation-support.js";

export function courseSettingsRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const people = new PeopleRepository(deps.services.models);
  const { courseSettings, models } = deps.services;

  const teachersOf = async (
    scope: ReturnType<typeof launchScope>,
  ): Promise<{ id: string; name: string }[]> => {
    const memberships = await models.Membership.find({
      ...scope,
      roles: { $in: ["teacher", "mentor"] },
      status: { $ne: "Deleted" },
    }).lean<MembershipDoc[]>();
    const found = await people.people(
      scope.platformId,
      memberships.map((m) => m.userId),
    );
    return [...found]
      .map(([id, person]) => ({ id, name: displayName(person) }))
      .sort((a, b) => a.name.localeCompare(b.name, "fr"));
  };

  const page = async (
    res: Response,
    sent?: { errors: Record<string, string>; values: Record<string, string> },
  ): Promise<void> => {
    const actor = actorOf(res);
    requireTeaching(actor);
    const scope = launchScope(actor);
    const t = res.locals.t;
    const settings = await courseSettings.get(scope);
    const framework = await deps.services.frameworks.forPlacement({
      ...scope,
      resourceLinkId: actor.resourceLinkId,
    });
    const referent = sent?.values.referentUserId ?? settings.referentUserId ?? "";
    const required = sent?.values.validationsRequired ?? String(settings.validationsRequired);
    renderPage(
      res,
      "pages/validation/settings",
      "settings",
      {
        title: t("validation:settings.title"),
        single: required !== "2",
        double: required === "2",
        reminderAfterDays: sent?.values.reminderAfterDays ?? String(settings.reminderAfterDays),
        referents: (await teachersOf(scope)).map((teacher) => ({
          ...teacher,
          selected: teacher.id === referent,
        })),
        noReferent: referent === "",
        framework: framework
          ? res.locals.locale === "en"
            ? (framework.definition.title.en ?? framework.definition.title.fr)
            : framework.definition.title.fr
          : "",
        frameworksHref: `${res.locals.base ?? ""}/frameworks`,
        errors: sent?.errors ?? {},
        saved: res.req.query.saved === "1",
        action: `${res.locals.base ?? ""}/course/settings`,
      },
      { badges: res.locals.badges },
    );
  };

  router.get(
    "/course/settings",
    handle(async (_req, res) => {
      await page(res);
    }),
  );

  router.post(
    "/course/settings",
    handle(async (req, res) => {
      const actor = actorOf(res);
      requireTeaching(actor);
      const scope = launchScope(actor);
      const form = new Form(req.body);
      const values = {
        validationsRequired: form.text("validationsRequired", 2),
        reminderAfterDays: form.text("reminderAfterDays", 5),
        referentUserId: form.text("referentUserId", 100),
      };
      try {
        const validationsRequired = form.int("validationsRequired", 1, 2);
        const reminderAfterDays = form.int("reminderAfterDays", 1, 90);
        if (validationsRequired === undefined) throw invalid({ validationsRequired: "OUT_OF_RANGE" });
        if (reminderAfterDays === undefined) throw invalid({ reminderAfterDays: "OUT_OF_RANGE" });
        if (
          values.referentUserId !== "" &&
          !(await teachersOf(scope)).some((teacher) => teacher.id === values.referentUserId)
        ) {
          throw invalid({ referentUserId: "INVALID_CHOICE" });
        }
        await courseSettings.update(
          scope,
          { validationsRequired, reminderAfterDays, referentUserId: values.referentUserId },
          actor.userId,
        );
      } catch (error) {
        const errors = fieldMessages(error, res.locals.t);
        if (!errors) throw error;
        res.status(400);
        await page(res, { errors, values });
        return;
      }
      res.redirect(303, `${res.locals.base ?? ""}/course/settings?saved=1`);
    }),
  );

  return router;
}
