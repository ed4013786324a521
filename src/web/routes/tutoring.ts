// Tutoring: a tutor's own tutees first (last contact, pending requests, activity), then — for who
// teaches in the course — the course's tutoring groups (about 4–6 learners each) and who is unassigned.
import express, { type Response, type Router } from "express";
import { teachesHere } from "../../domain/actor.js";
import { invalid, launchScope } from "../../domain/validation/service.js";
import { inactiveWeeks } from "../../domain/validation/waiting.js";
import { NotFoundError } from "../../errors.js";
import type { MembershipDoc } from "../../persistence/models/lti-models.js";
import { displayName, PeopleRepository } from "../../persistence/people-repository.js";
import { actorOf, renderPage } from "../render.js";
import { Form } from "../schemas/validation-forms.js";
import type { LaunchedDeps } from "./launched.js";
import { fieldMessages, handle, requireTeaching } from "./validation-support.js";

export const RECOMMENDED_GROUP_SIZE = { min: 4, max: 6 } as const;
const TUTOR_ROLES = ["teacher", "mentor", "admin"];

export function tutoringRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const people = new PeopleRepository(deps.services.models);
  const { validation } = deps.services;
  const { Membership } = deps.services.models;

  const page = async (
    res: Response,
    sent?: { errors: Record<string, string>; values: Record<string, string> },
  ): Promise<void> => {
    const actor = actorOf(res);
    const t = res.locals.t;
    const base = res.locals.base ?? "";
    const now = deps.clock.now();
    const tuteeIds = await validation.tutoring.tuteesOf(actor.platformId, actor.userId);
    const [pending, lastContacts, tuteeMemberships, myGroups] = await Promise.all([
      validation.summaries.pending(actor.platformId, { courses: [], learnerIds: tuteeIds }),
      validation.files.lastContacts(actor.platformId, tuteeIds),
      tuteeIds.length
        ? Membership.find({ platformId: actor.platformId, userId: { $in: tuteeIds } }).lean<MembershipDoc[]>()
        : Promise.resolve([]),
      validation.tutoring.groupsOfTutor(actor.platformId, actor.userId),
    ]);
    const relations = await validation.tutoring.relationsOf(actor.platformId, tuteeIds);

    let courseGroups: Record<string, unknown> | null = null;
    const names = new Map<string, string>();
    if (teachesHere(actor)) {
      const scope = launchScope(actor);
      const members = await Membership.find({ ...scope, status: { $ne: "Deleted" } }).lean<MembershipDoc[]>();
      const learnerIds = members
        .filter((m) => m.roles.includes("learner") && !m.roles.includes("teacher"))
        .map((m) => m.userId);
      const tutorIds = members
        .filter((m) => m.roles.some((role) => TUTOR_ROLES.includes(role)))
        .map((m) => m.userId);
      const [groups, courseRelations, found] = await Promise.all([
        validation.tutoring.groupsIn(actor.platformId, scope),
        validation.tutoring.relationsOf(actor.platformId, learnerIds),
        people.people(actor.platformId, [...learnerIds, ...tutorIds, ...tuteeIds]),
      ]);
      for (const [id, person] of found) names.set(id, displayName(person));
      const assigned = new Set(courseRelations.map((relation) => relation.learnerId));
      courseGroups = {
        groups: groups.map((group) => {
          const members = courseRelations.filter((relation) => relation.groupId === group._id);
          return {
            id: group._id,
            name: group.name,
            tutor: names.get(group.tutorId) ?? t("validation:someone"),
            mine: group.tutorId === actor.userId,
            size: members.length,
            tooLarge: members.length > RECOMMENDED_GROUP_SIZE.max,
            members: members
              .map((relation) => ({
                learnerId: relation.learnerId,
                tutorId: relation.tutorId,
                name: names.get(relation.learnerId) ?? t("validation:someone"),
              }))
              .sort((a, b) => a.name.localeCompare(b.name, "fr")),
          };
        }),
        tutors: tutorIds
          .map((id) => ({
            id,
            name: names.get(id) ?? t("validation:someone"),
            selected: sent?.values.tutorId === id,
          }))
          .sort((a, b) => a.name.localeCompare(b.name, "fr")),
        unassigned: learnerIds
          .filter((id) => !assigned.has(id))
          .map((id) => ({ id, name: names.get(id) ?? t("validation:someone") }))
          .sort((a, b) => a.name.localeCompare(b.name, "fr")),
        learnerCount: learnerIds.length,
      };
    } else {
      const found = await people.people(actor.platformId, tuteeIds);
      for (const [id, person] of found) names.set(id, displayName(person));
    }

    const tutees = tuteeIds
      .map((id) => {
        const activity = tuteeMemberships
          .filter((m) => m.userId === id)
          .reduce<Date | undefined>(
            (max, m) => (m.lastLaunchAt && (!max || m.lastLaunchAt > max) ? m.lastLaunchAt : max),
            undefined,
          );
        const weeks = inactiveWeeks(activity, now);
        const groupId = relations.find(
          (relation) => relation.learnerId === id && relation.tutorId === actor.userId,
        )?.groupId;
        return {
          name: names.get(id) ?? t("validation:someone"),
          href: `${base}/learners/${encodeURIComponent(id)}`,
          group: myGroups.find((group) => group._id === groupId)?.name ?? "",
          pending: pending
            .filter((row) => row.learnerId === id)
            .reduce((sum, row) => sum + row.pending.length, 0),
          lastContact: lastContacts.get(id),
          activity:
            weeks === null
              ? t("validation:cohort.noActivity")
              : weeks === 0
                ? t("validation:cohort.activeThisWeek")
                : t("validation:cohort.inactiveWeeks", { count: weeks }),
          quiet: weeks === null || weeks >= 3,
          weeks: weeks ?? Number.MAX_SAFE_INTEGER,
        };
      })
      // The quietest first: silence is a signal.
      .sort((a, b) => b.weeks - a.weeks || a.name.localeCompare(b.name, "fr"));

    renderPage(
      res,
      "pages/tutoring/index",
      "tutoring",
      {
        title: t("validation:tutoring.title"),
        tutees,
        courseGroups,
        recommended: RECOMMENDED_GROUP_SIZE,
        errors: sent?.errors ?? {},
        values: sent?.values ?? {},
        action: `${base}/tutoring`,
        done:
          typeof res.req.query.done === "string" &&
          ["group", "assign", "unassign"].includes(res.req.query.done)
            ? t(`validation:tutoring.done.${res.req.query.done}`)
            : "",
      },
      { badges: res.locals.badges },
    );
  };

  router.get(
    "/tutoring",
    handle(async (_req, res) => {
      await page(res);
    }),
  );

  router.post(
    "/tutoring/groups",
    handle(async (req, res) => {
      const actor = actorOf(res);
      requireTeaching(actor);
      const scope = launchScope(actor);
      const form = new Form(req.body);
      const values = { groupName: form.text("groupName", 81), tutorId: form.text("tutorId", 100) };
      try {
        if (values.groupName === "" || values.groupName.length > 80)
          throw invalid({ groupName: values.groupName === "" ? "NAME_REQUIRED" : "TOO_LONG" });
        const tutor = await Membership.findOne({
          ...scope,
          userId: values.tutorId,
          roles: { $in: TUTOR_ROLES },
        }).lean<MembershipDoc>();
        if (!tutor) throw invalid({ tutorId: "INVALID_CHOICE" });
        await validation.tutoring.createGroup({
          platformId: actor.platformId,
          name: values.groupName,
          tutorId: values.tutorId,
          createdIn: { deploymentId: scope.deploymentId, contextId: scope.contextId },
          createdBy: actor.userId,
          at: deps.clock.now(),
        });
      } catch (error) {
        const errors = fieldMessages(error, res.locals.t);
        if (!errors) throw error;
        res.status(400);
        await page(res, { errors, values });
        return;
      }
      res.redirect(303, `${res.locals.base ?? ""}/tutoring?done=group`);
    }),
  );

  router.post(
    "/tutoring/assign",
    handle(async (req, res) => {
      const actor = actorOf(res);
      requireTeaching(actor);
      const scope = launchScope(actor);
      const form = new Form(req.body);
      const group = await validation.tutoring.group(actor.platformId, form.text("groupId", 100));
      if (
        !group ||
        group.createdIn.contextId !== scope.contextId ||
        group.createdIn.deploymentId !== scope.deploymentId
      )
        throw new NotFoundError();
      const wanted = form.all("learnerIds");
      const learners = await Membership.find({ ...scope, userId: { $in: wanted }, roles: "learner" }).lean<
        MembershipDoc[]
      >();
      if (learners.length === 0) {
        res.status(400);
        await page(res, {
          errors: { learnerIds: res.locals.t("validation:fieldErrors.NOTHING_SELECTED") },
          values: {},
        });
        return;
      }
      const now = deps.clock.now();
      for (const learner of learners) {
        if (learner.userId === group.tutorId) continue;
        await validation.tutoring.assign({
          platformId: actor.platformId,
          tutorId: group.tutorId,
          learnerId: learner.userId,
          groupId: group._id,
          createdIn: { deploymentId: scope.deploymentId, contextId: scope.contextId },
          createdBy: actor.userId,
          at: now,
        });
      }
      await validation.notifications.notify(
        [
          {
            ...scope,
            userId: group.tutorId,
            kind: "tutoring_assigned",
            params: { count: learners.length, group: group.name },
            path: "tutoring",
          },
          ...learners.map((learner) => ({
            ...scope,
            userId: learner.userId,
            kind: "tutoring_assigned" as const,
            params: { count: 0, group: group.name, tutorId: group.tutorId },
            path: "competences",
          })),
        ],
        now,
      );
      res.redirect(303, `${res.locals.base ?? ""}/tutoring?done=assign`);
    }),
  );

  router.post(
    "/tutoring/unassign",
    handle(async (req, res) => {
      const actor = actorOf(res);
      requireTeaching(actor);
      const scope = launchScope(actor);
      const form = new Form(req.body);
      const learnerId = form.text("learnerId", 100);
      const member = await Membership.findOne({ ...scope, userId: learnerId }).lean<MembershipDoc>();
      if (!member) throw new NotFoundError();
      await validation.tutoring.unassign(actor.platformId, form.text("tutorId", 100), learnerId);
      res.redirect(303, `${res.locals.base ?? ""}/tutoring?done=unassign`);
    }),
  );

  return router;
}
