// What a jury dossier holds: the learner's choice (traces at their final revision, their attachments
// listed by name) and what is not theirs to choose (the framework with each competence's record, the
// tutor's final synthesis, session attendance). Never anything from a confidential area.
import type { Channel, CompetenceState } from "../validation/states.js";
import type { LocalizedText } from "../frameworks/framework.js";
import type { TraceSection } from "../portfolio/types.js";
import type { SynthesisVersion } from "./synthesis.js";

export interface DossierSubject {
  platformId: string;
  deploymentId: string;
  contextId: string;
  learnerId: string;
}

export interface DossierValidator {
  /** A person's name, or the supervisor's name for an observation or a paper form. */
  name: string;
  channel: Channel;
  at: Date;
  level: string;
}

export interface DossierCompetence {
  code: string;
  title: LocalizedText;
  /** The domain (first-level competence) it belongs to. */
  domain: { code: string; title: LocalizedText };
  state: CompetenceState;
  /** Validated level (code and label), when validated. */
  level: { code: string; label: LocalizedText } | null;
  /** When it was validated (the last approval), when it is. */
  validatedAt: Date | null;
  validators: DossierValidator[];
}

export interface DossierAttachment {
  id: string;
  traceId: string;
  filename: string;
  mime: string;
  size: number;
}

export interface DossierTrace {
  id: string;
  title: string;
  date: string;
  placement: string;
  typeKey: string;
  /** The revision the dossier shows: the last one saved (the "final" revision). */
  revision: number;
  sections: Pick<TraceSection, "key" | "title" | "body">[];
  competenceCodes: string[];
  attachments: DossierAttachment[];
}

/** present / absent / excused as the tutor marked it; unrecorded: held, no mark yet; completed: an interview. */
export type AttendanceMark = "present" | "absent" | "excused" | "unrecorded" | "completed";

/** A group session held or an individual interview completed: when and what, never what was said. */
export interface SessionAttendance {
  kind: "group_session" | "interview";
  at: Date;
  /** A group session's title as its tutor named it (empty for an interview). */
  title: string;
  /** The tutoring group's name (empty for an interview). */
  group: string;
  /** An interview's rank (the first, the second…). */
  number?: number;
  mark: AttendanceMark;
}

export interface DossierContent {
  subject: DossierSubject;
  learnerName: string;
  /** The programme: the course's title as the LMS names it. */
  programme: string;
  framework: {
    key: string;
    version: string;
    title: LocalizedText;
    scale: { code: string; label: LocalizedText }[];
  } | null;
  competences: DossierCompetence[];
  synthesis: (SynthesisVersion & { authorName: string }) | null;
  attendance: SessionAttendance[];
  traces: DossierTrace[];
  generatedAt: Date;
}

/** Every attachment of the chosen traces, in the order they appear. */
export function attachmentsOf(content: Pick<DossierContent, "traces">): DossierAttachment[] {
  return content.traces.flatMap((trace) => trace.attachments);
}
