// The sessions' and interviews' forms: ids and lengths bounded here (generously: the domain names the
// field that is wrong), the rules (past, clash, stage) in the domain.
import { z } from "zod";
import { Id } from "./ids.js";
import { AGENDA_LIMITS } from "../../domain/sessions/agenda-templates.js";
import { INTERVIEW_TEXT_LIMIT } from "../../domain/sessions/interview.js";
import { SESSION_LIMITS } from "../../domain/sessions/session-rules.js";

const Text = (max: number) => z.string().max(max, "TOO_LONG").default("");

export const GroupParams = z.object({ params: z.object({ groupId: Id }) });
export const SessionParams = z.object({ params: z.object({ sessionId: Id }) });
export const InterviewParams = z.object({ params: z.object({ interviewId: Id }) });

const PlanBody = z.object({
  title: Text(SESSION_LIMITS.title * 2),
  date: Text(20),
  time: Text(10),
  durationMinutes: z.coerce.number({ invalid_type_error: "DURATION_RANGE" }).int("DURATION_RANGE"),
  place: Text(SESSION_LIMITS.place * 2),
  videoUrl: Text(SESSION_LIMITS.videoUrl * 2),
  agenda: Text(AGENDA_LIMITS.items * (AGENDA_LIMITS.item + 2)),
});

export const ScheduleForm = GroupParams.extend({ body: PlanBody });
export const RescheduleForm = SessionParams.extend({ body: PlanBody });

/** One radio group per convened tutee, named `mark-<learner id>` (bodies are flat: no nested fields). */
export const AttendanceForm = SessionParams.extend({
  body: z.record(z.union([z.string().max(1000), z.array(z.string().max(1000)).max(10)])).transform((body) => {
    const marks: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) {
      if (name.startsWith("mark-"))
        marks[name.slice("mark-".length)] = Array.isArray(value) ? (value.at(-1) ?? "") : value;
    }
    return { marks };
  }),
});

export const ReportForm = SessionParams.extend({
  body: z.object({
    discussed: Text(SESSION_LIMITS.report * 2),
    nextSteps: Text(SESSION_LIMITS.report * 2),
  }),
});

/** A repeated field: absent, one value or many. */
const Repeated = (max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.string().max(max, "TOO_LONG")).max(AGENDA_LIMITS.sessions + 4, "TOO_MANY_SESSIONS"));

/** The template's sessions as repeated `title` and `items` fields, paired in order. */
export const AgendaForm = z.object({
  body: z
    .object({ title: Repeated(AGENDA_LIMITS.title * 2), items: Repeated(AGENDA_LIMITS.items * 400) })
    .transform(({ title, items }) => ({
      sessions: title.map((value, index) => ({ title: value, items: items[index] ?? "" })),
    })),
});

export const OpenInterviewForm = z.object({
  body: z.object({ learnerId: Id, date: Text(20), time: Text(10) }),
});

const Section = Text(INTERVIEW_TEXT_LIMIT * 2);

export const PreparationForm = InterviewParams.extend({
  body: z.object({
    difficulties: Section,
    strengths: Section,
    traces: Section,
    objectives: Section,
    topics: Section,
  }),
});

export const SynthesisForm = InterviewParams.extend({
  body: z.object({ difficulties: Section, strengths: Section, traces: Section, objectives: Section }),
});
