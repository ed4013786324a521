// A learner's file for their trainers: competences and self-assessments, the recent timeline, the
// portfolio link, the contact log and private notes. Learners never reach it (404), whoever they are.
import express, { type Response, type Router } from "express";
import type { Actor } from "../../domain/actor.js";
import type { ValidationAction } from "../../domain/validation/states.js";
import { launchScope } from "../../domain/validation/service.js";
import { invalid } from "../../domain/validation/service.js";
import { AppError, NotFoundError, PayloadTooLargeError } from "../../errors.js";
import { CONTACT_CHANNELS } from "../../persistence/models/validation-models.js";
import { displayName, PeopleRepository } from "../../persistence/people-repository.js";
import { MAX_CONTACT_NOTE_LENGTH, MAX_NOTE_LENGTH } from "../../persistence/tutor-files.js";
import { ScanTypeError } from "../../persistence/validation-scans.js";
import {
  competenceInfo,
  groupByDomain,
  localized,
  recordSummary,
  stateBadge,
} from "../../presenters/validation.js";
import { inactiveWeeks } from "../../domain/validation/waiting.js";
import { actorOf, renderPage } from "../render.js";
import { contactChannel, Form, parseDay } from "../schemas/validation-forms.js";
import { UploadRefusal } from "../../domain/portfolio/files.js";
import { megabytes } from "../middleware/form-body.js";
import { bytesOf } from "../uploads.js";
import type { LaunchedDeps } from "./launched.js";
import { competencePage } from "./validation-competence.js";
import {
  competencePath,
  courseContext,
  fieldMessages,
  handle,
  isConflict,
  localeOf,
  namesOf,
} from "./validation-support.js";

const VALIDATOR_ACTIONS = ["validate", "ask_more_evidence", "observe", "propose", "withdraw"] as const;
const CHANNEL_OF: Record<(typeof VALIDATOR_ACTIONS)[number], "online" | "observation" | "proposal"> = {
  validate: "online",
  ask_more_evidence: "online",
  observe: "observation",
  propose: "proposal",
  withdraw: "online",
};

export function learnerFileRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const people = new PeopleRepository(deps.services.models);
  const { validation } = deps.services;

  /** The trainer's access to this learner in the launch's course; anyone else gets 404. */
  async function requireValidator(res: Response, learnerId: string): Promise<Actor> {
    const actor = actorOf(res);
    const access = await validation.service.access(actor, launchScope(actor), learnerId);
    if (!access.roles.includes("validator")) throw new NotFoundError();
    return actor;
  }

  const filePage = async (
    res: Response,
    learnerId: string,
    sent?: { errors: Record<string, string>; values: Record<string, string> },
  ): Promise<void> => {
    const actor = await requireValidator(res, learnerId);
    const ctx = await courseContext(deps, res);
    const t = res.locals.t;
    const locale = localeOf(res);
    const base = res.locals.base ?? "";
    const now = deps.clock.now();
    const person = await people.person(actor.platformId, learnerId);
    if (!person) throw new NotFoundError();
    const [records, notes, contacts, elsewhere, membership] = await Promise.all([
      ctx.framework
        ? validation.records.forLearner(ctx.scope, learnerId, ctx.framework.id)
        : Promise.resolve([]),
      validation.files.notesBy(actor.platformId, learnerId, actor.userId),
      validation.files.contacts(actor.platformId, learnerId),
      validation.records.ofLearner(actor.platformId, learnerId),
      deps.services.models.Membership.findOne({ ...ctx.scope, userId: learnerId }).lean<{
        lastLaunchAt?: Date;
        source: string;
      }>(),
    ]);
    const byCode = new Map(records.map((record) => [record.competenceCode, record]));
    const names = await namesOf(people, actor.platformId, [
      ...contacts.map((contact) => contact.authorId),
      ...records.flatMap((record) => record.timeline.map((entry) => entry.actorId)),
    ]);
    const framework = ctx.framework;
    const domains = framework
      ? groupByDomain(framework, locale, (node) => ({
          code: node.code,
          title: localized(node.title, locale),
          href: `${base}/learners/${encodeURIComponent(learnerId)}/competences/${encodeURIComponent(framework.id)}/${encodeURIComponent(node.code)}`,
          ...recordSummary(t, locale, framework, byCode.get(node.code), now, ctx.rules),
        }))
      : [];
    const recent = framework
      ? records
          .flatMap((record) => record.timeline.map((entry) => ({ entry, code: record.competenceCode })))
          .sort((a, b) => new Date(b.entry.at).getTime() - new Date(a.entry.at).getTime())
          .slice(0, 15)
          .map(({ entry, code }) => ({
            at: entry.at,
            code,
            title: competenceInfo(framework, code, locale)?.title ?? code,
            action: t(`validation:actions.${entry.action}`),
            who: names.get(entry.actorId) ?? t("validation:someone"),
            channel: t(`validation:channels.${entry.channel}`),
            to: stateBadge(t, entry.to),
            comment: entry.comment ?? "",
          }))
      : [];
    const learnerActivity = [
      membership?.lastLaunchAt,
      ...records.map((record) => record.learnerActivityAt),
    ].reduce<Date | undefined>((max, at) => (at && (!max || at > max) ? at : max), undefined);
    const pendingElsewhere = elsewhere.filter(
      (record) =>
        (record.state === "submitted" || record.state === "resubmitted") &&
        !(record.contextId === ctx.scope.contextId && record.deploymentId === ctx.scope.deploymentId),
    ).length;
    renderPage(
      res,
      "pages/cohort/learner",
      "cohort",
      {
        title: displayName(person),
        learner: { id: learnerId, name: displayName(person), email: person.email },
        neverLaunched: membership?.source === "roster" && !membership.lastLaunchAt,
        lastActivity: learnerActivity,
        inactiveWeeks: inactiveWeeks(learnerActivity, now),
        lastContact: contacts[0]?.date,
        framework: framework ? localized(framework.definition.title, locale) : "",
        noFramework: !framework,
        domains,
        progress: {
          validated: records.filter((r) => r.state === "validated").length,
          pending: records.filter((r) => r.state === "submitted" || r.state === "resubmitted").length,
        },
        recent,
        pendingElsewhere,
        notes: notes.map((note) => ({ at: note.createdAt, body: note.body })),
        contacts: contacts.map((contact) => ({
          day: contact.date,
          channel: t(`validation:contacts.channels.${contact.channel}`),
          note: contact.note,
          who: names.get(contact.authorId) ?? t("validation:someone"),
        })),
        channels: CONTACT_CHANNELS.map((value) => ({
          value,
          label: t(`validation:contacts.channels.${value}`),
          selected: (sent?.values.channel ?? "meeting") === value,
        })),
        today: now.toISOString().slice(0, 10),
        errors: sent?.errors ?? {},
        values: sent?.values ?? {},
        portfolioHref: `${base}/learners/${encodeURIComponent(learnerId)}/traces`,
        action: `${base}/learners/${encodeURIComponent(learnerId)}`,
        cohortHref: `${base}/cohort`,
        done:
          res.req.query.done === "note" || res.req.query.done === "contact"
            ? t(`validation:file.done.${res.req.query.done}`)
            : "",
      },
      { badges: res.locals.badges },
    );
  };

  router.get(
    "/learners/:userId",
    handle(async (req, res) => {
      await filePage(res, req.params.userId ?? "");
    }),
  );

  router.post(
    "/learners/:userId/notes",
    handle(async (req, res) => {
      const learnerId = req.params.userId ?? "";
      const actor = await requireValidator(res, learnerId);
      const form = new Form(req.body);
      const body = form.text("note", MAX_NOTE_LENGTH + 1);
      if (body === "" || body.length > MAX_NOTE_LENGTH) {
        res.status(400);
        await filePage(res, learnerId, {
          errors: {
            note: res.locals.t(
              body === "" ? "validation:fieldErrors.COMMENT_REQUIRED" : "validation:fieldErrors.TOO_LONG",
            ),
          },
          values: { note: body },
        });
        return;
      }
      await validation.files.addNote({
        platformId: actor.platformId,
        learnerId,
        authorId: actor.userId,
        body,
        at: deps.clock.now(),
      });
      res.redirect(303, `${res.locals.base ?? ""}/learners/${encodeURIComponent(learnerId)}?done=note#notes`);
    }),
  );

  router.post(
    "/learners/:userId/contacts",
    handle(async (req, res) => {
      const learnerId = req.params.userId ?? "";
      const actor = await requireValidator(res, learnerId);
      const form = new Form(req.body);
      const values = {
        date: form.text("date", 20),
        channel: form.text("channel", 40),
        contactNote: form.text("contactNote", MAX_CONTACT_NOTE_LENGTH + 1),
      };
      try {
        if (values.contactNote.length > MAX_CONTACT_NOTE_LENGTH) throw invalid({ contactNote: "TOO_LONG" });
        const date = parseDay(values.date);
        if (date.getTime() > deps.clock.now().getTime() + 86_400_000) throw invalid({ date: "FUTURE_DATE" });
        await validation.files.logContact({
          platformId: actor.platformId,
          learnerId,
          authorId: actor.userId,
          date,
          channel: contactChannel(values.channel),
          note: values.contactNote,
          at: deps.clock.now(),
        });
      } catch (error) {
        const errors = fieldMessages(error, res.locals.t);
        if (!errors) throw error;
        res.status(400);
        await filePage(res, learnerId, { errors, values });
        return;
      }
      res.redirect(
        303,
        `${res.locals.base ?? ""}/learners/${encodeURIComponent(learnerId)}?done=contact#contacts`,
      );
    }),
  );

  // One competence of the learner, from the trainer's side.
  router.get(
    "/learners/:userId/competences/:frameworkId/:code",
    handle(async (req, res) => {
      await competencePage(deps, people, res, {
        learnerId: req.params.userId ?? "",
        frameworkId: req.params.frameworkId ?? "",
        code: req.params.code ?? "",
        viewer: "validator",
      });
    }),
  );

  const afterAction = (
    res: Response,
    learnerId: string,
    frameworkId: string,
    code: string,
    done: string,
  ): void => {
    res.redirect(
      303,
      `${res.locals.base ?? ""}/learners/${encodeURIComponent(learnerId)}/competences/${encodeURIComponent(frameworkId)}/${encodeURIComponent(code)}?done=${done}`,
    );
  };

  const sendBack = async (
    res: Response,
    error: unknown,
    options: {
      learnerId: string;
      frameworkId: string;
      code: string;
      action: string;
      values: Record<string, string | string[]>;
    },
  ): Promise<void> => {
    const errors = fieldMessages(error, res.locals.t);
    if (!errors && !isConflict(error)) throw error;
    res.status(errors ? 400 : 409);
    await competencePage(deps, people, res, {
      learnerId: options.learnerId,
      frameworkId: options.frameworkId,
      code: options.code,
      viewer: "validator",
      form: { action: options.action, values: options.values, errors: errors ?? {} },
      conflict: !errors,
    });
  };

  router.post(
    "/learners/:userId/competences/:frameworkId/:code/actions",
    handle(async (req, res) => {
      const actor = actorOf(res);
      const { learnerId, frameworkId, code } = competencePath(req);
      const form = new Form(req.body);
      const action = form.oneOf("action", VALIDATOR_ACTIONS);
      const values = {
        level: form.text("level", 100),
        comment: form.text("comment"),
        traceIds: form.all("traceIds"),
      };
      try {
        if (action === "propose" && values.traceIds.length > 0) {
          // A proposal cites traces the trainer may read, never a private one.
          const readable = new Set(
            (await deps.services.portfolio.lists.tracesOfLearner(actor, learnerId).catch(() => [])).map(
              (trace) => trace.id,
            ),
          );
          if (values.traceIds.some((id) => !readable.has(id))) throw invalid({ traces: "TRACE_UNKNOWN" });
        }
        await validation.service.perform(
          actor,
          { scope: launchScope(actor), learnerId, frameworkId, code },
          {
            action: action satisfies ValidationAction,
            channel: CHANNEL_OF[action],
            comment: values.comment,
            traceIds: values.traceIds,
            expectedRev: form.int("rev", 0, 1_000_000),
            ...(values.level ? { level: values.level } : {}),
          },
        );
      } catch (error) {
        await sendBack(res, error, { learnerId, frameworkId, code, action, values });
        return;
      }
      afterAction(res, learnerId, frameworkId, code, "actions");
    }),
  );

  // A field supervisor's paper form, entered by a lead of the course with its scan; the scan streams
  // to storage as it arrives and is removed if the record is not made.
  const requireLead = async (actor: Actor, learnerId: string): Promise<void> => {
    const access = await validation.service.access(actor, launchScope(actor), learnerId);
    if (access.roles.includes("lead")) return;
    const code = access.roles.includes("learner") ? "OWN_COMPETENCE" : "ROLE_NOT_ALLOWED";
    throw new AppError(code, 403, `validation:errors.${code}`);
  };
  deps.uploads.post(
    router,
    "/learners/:userId/competences/:frameworkId/:code/paper",
    {
      field: "scan",
      maxFileBytes: deps.config.uploadMaxBytes,
      receive: async (file, req, res) => {
        const actor = actorOf(res);
        const { learnerId } = competencePath(req);
        await requireLead(actor, learnerId);
        try {
          return await validation.scans.save({
            ...launchScope(actor),
            learnerId,
            uploadedBy: actor.userId,
            filename: file.originalname,
            content: bytesOf(file.stream),
            maxBytes: deps.config.uploadMaxBytes,
          });
        } catch (error) {
          if (error instanceof ScanTypeError) throw invalid({ scan: "SCAN_TYPE" });
          if (error instanceof UploadRefusal)
            throw new PayloadTooLargeError("FILE_TOO_LARGE", { max: megabytes(deps.config.uploadMaxBytes) });
          throw error;
        }
      },
      discard: (scanId, _req, res) => validation.scans.delete(actorOf(res).platformId, scanId),
    },
    async (req, res, scans) => {
      const actor = actorOf(res);
      const { learnerId, frameworkId, code } = competencePath(req);
      const form = new Form(req.body);
      const values = {
        level: form.text("level", 100),
        comment: form.text("comment"),
        externalName: form.text("externalName", 200),
      };
      const [scanId] = scans;
      try {
        await requireLead(actor, learnerId);
        if (!scanId) throw invalid({ scan: "SCAN_REQUIRED" });
        await validation.service.perform(
          actor,
          { scope: launchScope(actor), learnerId, frameworkId, code },
          {
            action: "record_paper",
            channel: "paper",
            comment: values.comment,
            externalName: values.externalName,
            scanId,
            expectedRev: form.int("rev", 0, 1_000_000),
            ...(values.level ? { level: values.level } : {}),
          },
        );
      } catch (error) {
        // Nothing is recorded: the scan goes too, and the form comes back with what was typed.
        if (scanId) await validation.scans.delete(actor.platformId, scanId);
        await sendBack(res, error, { learnerId, frameworkId, code, action: "paper", values });
        return;
      }
      afterAction(res, learnerId, frameworkId, code, "paper");
    },
    (error: unknown, req, res, next) => {
      // A scan refused on its way in: the form comes back with what was typed and the reason.
      const { learnerId, frameworkId, code } = competencePath(req);
      const form = new Form(req.body ?? {});
      const values = {
        level: form.optional("level", 100) ?? "",
        comment: form.optional("comment", 4000) ?? "",
        externalName: form.optional("externalName", 200) ?? "",
      };
      sendBack(res, error, { learnerId, frameworkId, code, action: "paper", values }).catch(next);
    },
  );

  router.post(
    "/learners/:userId/competences/:frameworkId/:code/comments",
    handle(async (req, res) => {
      const actor = actorOf(res);
      const { learnerId, frameworkId, code } = competencePath(req);
      const form = new Form(req.body);
      try {
        await validation.service.comment(
          actor,
          { scope: launchScope(actor), learnerId, frameworkId, code },
          form.text("comment"),
        );
      } catch (error) {
        await sendBack(res, error, {
          learnerId,
          frameworkId,
          code,
          action: "comments",
          values: { comment: form.text("comment") },
        });
        return;
      }
      afterAction(res, learnerId, frameworkId, code, "comments");
    }),
  );

  // Scans are shown to the learner they concern and to their validators in that course.
  router.get(
    "/scans/:scanId",
    handle(async (req, res) => {
      const actor = actorOf(res);
      const scan = await validation.scans.open(actor.platformId, req.params.scanId ?? "");
      if (!scan) throw new NotFoundError();
      const access = await validation.service.access(
        actor,
        { platformId: actor.platformId, deploymentId: scan.deploymentId, contextId: scan.contextId },
        scan.learnerId,
      );
      if (access.roles.length === 0) {
        scan.stream.destroy();
        throw new NotFoundError();
      }
      res.setHeader("content-type", scan.mime);
      res.setHeader("content-length", String(scan.size));
      res.setHeader("content-disposition", `inline; filename="${scan.filename.replace(/["\\]/g, "_")}"`);
      res.setHeader("x-content-type-options", "nosniff");
      res.setHeader("cache-control", "private, no-store");
      scan.stream.on("error", () => res.destroy());
      scan.stream.pipe(res);
    }),
  );

  return router;
}
