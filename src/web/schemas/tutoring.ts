// The tutoring forms: groups, appointments, the course's rhythm, imports; ids and lengths bounded here,
// the rules (who may be appointed, which names are taken) in the domain.
import { z } from "zod";
import { Id } from "./ids.js";
import { THRESHOLD_LIMITS } from "../../domain/tutoring/settings.js";
import { MAX_TEAM_NOTE_LENGTH } from "../../domain/tutoring/team-notes.js";
import { MAX_IMPORT_CHARS } from "../../domain/tutoring/tutor-csv.js";

const OptionalId = z.string().trim().max(100).default("");
const Kind = z.enum(["tutor", "peer"]).default("tutor");
/** A repeated field (checkboxes): absent, one value or many. */
const Ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(Id).max(500));

export const DONE = [
  "group",
  "assign",
  "appoint",
  "end",
  "reassign",
  "removed",
  "settings",
  "import",
  "roster",
] as const;

export const WorkspaceQuery = z.object({
  query: z.object({
    done: z.enum(DONE).optional().catch(undefined),
    count: z
      .string()
      .regex(/^\d{1,5}$/)
      .optional()
      .catch(undefined),
  }),
});

export const GroupForm = z.object({
  body: z.object({
    groupName: z.string().max(200, "TOO_LONG").default(""),
    tutorId: OptionalId,
    kind: Kind,
  }),
});

export const AssignForm = z.object({ body: z.object({ groupId: Id, learnerIds: Ids }) });

export const AppointForm = z.object({
  body: z.object({ tutorId: OptionalId, learnerIds: Ids, kind: Kind }),
});

export const GroupParams = z.object({ params: z.object({ groupId: Id }) });
export const RelationParams = z.object({ params: z.object({ relationId: Id }) });
export const LearnerParams = z.object({ params: z.object({ learnerId: Id }) });

export const ReassignForm = z.object({
  params: z.object({ relationId: Id }),
  body: z.object({ tutorId: OptionalId }),
});

function weeksOrDays(limits: { min: number; max: number }) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, "OUT_OF_RANGE")
    .transform(Number)
    .pipe(z.number().min(limits.min, "OUT_OF_RANGE").max(limits.max, "OUT_OF_RANGE"));
}

export const SettingsForm = z.object({
  body: z.object({
    silentAfterWeeks: weeksOrDays(THRESHOLD_LIMITS.silentAfterWeeks),
    requestWaitingDays: weeksOrDays(THRESHOLD_LIMITS.requestWaitingDays),
    unansweredDays: weeksOrDays(THRESHOLD_LIMITS.unansweredDays),
    /** Empty: no contact target. */
    contactEveryWeeks: z
      .string()
      .trim()
      .default("")
      .pipe(z.union([z.literal("").transform(() => null), weeksOrDays(THRESHOLD_LIMITS.contactEveryWeeks)])),
  }),
});

export const ImportForm = z.object({
  body: z.object({ csv: z.string().max(MAX_IMPORT_CHARS, "TOO_LONG").default("") }),
});

export const DraftParams = z.object({ params: z.object({ draftId: Id }) });

export const TeamNotesPage = z.object({
  params: z.object({ learnerId: Id }),
  query: z.object({ done: z.literal("note").optional().catch(undefined) }),
});

export const TeamNoteForm = z.object({
  params: z.object({ learnerId: Id }),
  // The domain names an empty or over-long note; this only bounds what is read.
  body: z.object({
    body: z
      .string()
      .max(MAX_TEAM_NOTE_LENGTH * 2, "TOO_LONG")
      .default(""),
  }),
});

export const MyTutorsQuery = z.object({
  query: z.object({
    done: z.literal("opened").optional().catch(undefined),
    count: z
      .string()
      .regex(/^\d{1,5}$/)
      .optional()
      .catch(undefined),
  }),
});
