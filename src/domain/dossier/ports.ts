// What the dossier needs from the outside world; persistence and the other areas implement these.
import type { DossierSubject, SessionAttendance } from "./dossier.js";

/** The learner's choice of traces for their dossier (one per learner and platform). */
export interface DossierSelectionStore {
  chosen(platformId: string, learnerId: string): Promise<string[] | null>;
  choose(platformId: string, learnerId: string, traceIds: readonly string[], at: Date): Promise<void>;
}

/** Group-session attendance and interviews held, from the sessions area (DossierAttendanceSource). */
export interface AttendanceSource {
  attendanceOf(subject: DossierSubject): Promise<SessionAttendance[]>;
}

export const NO_ATTENDANCE: AttendanceSource = { attendanceOf: () => Promise.resolve([]) };
