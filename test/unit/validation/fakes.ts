// In-memory ports for testing the validation use cases without a database.
import type { StoredFramework } from "../../../src/domain/frameworks/catalog.js";
import type { FrameworkDefinition } from "../../../src/domain/frameworks/framework.js";
import type {
  CourseRules,
  CourseScope,
  FormativeComment,
  NewNotification,
  SelfAssessment,
  ValidationDeps,
  ValidationRequest,
} from "../../../src/domain/validation/ports.js";
import type { CompetenceKey, CompetenceRecord } from "../../../src/domain/validation/records.js";
import { ValidationService } from "../../../src/domain/validation/service.js";
import type { RecordChange } from "../../../src/domain/validation/transition.js";
import { ManualClock } from "../../../src/clock.js";
import { TeachingScopes } from "../../../src/domain/people/teaching-scopes.js";

export const FRAMEWORK_DEFINITION: FrameworkDefinition = {
  key: "test",
  version: "1",
  title: { fr: "Référentiel de test" },
  source: { citation: "Test", note: "Test" },
  scale: {
    levels: [
      { code: "novice", label: { fr: "novice" }, proficient: false },
      { code: "competent", label: { fr: "compétent" }, proficient: true },
    ],
  },
  competences: [
    {
      code: "D1",
      title: { fr: "Domaine 1" },
      children: [
        { code: "C1", title: { fr: "C1" }, children: [] },
        { code: "C2", title: { fr: "C2" }, children: [] },
      ],
    },
  ],
  situationFamilies: [],
};

const sameKey = (a: CompetenceKey, b: CompetenceKey): boolean =>
  a.platformId === b.platformId &&
  a.deploymentId === b.deploymentId &&
  a.contextId === b.contextId &&
  a.learnerId === b.learnerId &&
  a.frameworkId === b.frameworkId &&
  a.competenceCode === b.competenceCode;

export interface World {
  service: ValidationService;
  clock: ManualClock;
  records: CompetenceRecord[];
  notifications: NewNotification[];
  comments: FormativeComment[];
  selfAssessments: SelfAssessment[];
  /** "platform deployment context user" of people who teach in a course (memberships). */
  teaching: Set<string>;
  /** "tutor learner" pairs. */
  tutoring: Set<string>;
  /** "context user" of learners who are not members of that course. */
  outsiders: Set<string>;
  rules: CourseRules;
}

export function buildWorld(): World {
  let next = 0;
  const clock = new ManualClock(new Date("2026-02-01T09:00:00Z"));
  const records: CompetenceRecord[] = [];
  const requests: ValidationRequest[] = [];
  const notifications: NewNotification[] = [];
  const comments: FormativeComment[] = [];
  const selfAssessments: SelfAssessment[] = [];
  const teaching = new Set<string>();
  const tutoring = new Set<string>();
  const outsiders = new Set<string>();
  const rules: CourseRules = { validationsRequired: 1, reminderAfterDays: 14 };
  const framework: StoredFramework = {
    id: "fw",
    key: "test",
    version: "1",
    definition: FRAMEWORK_DEFINITION,
    platformId: null,
    shipped: false,
    status: "active",
    importedAt: new Date(0),
  };
  const deps: ValidationDeps = {
    records: {
      find: async (key) => records.find((record) => sameKey(record, key)) ?? null,
      ensure: async (key, now) => {
        const found = records.find((record) => sameKey(record, key));
        if (found) return found;
        const created: CompetenceRecord = {
          id: `rec-${++next}`,
          ...key,
          state: "not_started",
          approvals: [],
          assignedValidatorIds: [],
          lastActivityAt: now,
          evidenceVersion: 0,
          rev: 0,
          timeline: [],
        };
        records.push(created);
        return created;
      },
      apply: async (record, change: RecordChange, options) => {
        const index = records.findIndex((candidate) => candidate.id === record.id);
        const current = records[index];
        if (!current || current.rev !== (options.expectedRev ?? record.rev)) return null;
        const updated: CompetenceRecord = {
          ...current,
          state: change.state,
          approvals: change.approvals,
          evidenceVersion: change.evidenceVersion,
          rev: current.rev + 1,
          timeline: [...current.timeline, change.entry],
          lastActivityAt: options.now,
          ...(options.assignedValidatorIds ? { assignedValidatorIds: options.assignedValidatorIds } : {}),
        };
        if (change.level) updated.level = change.level;
        else delete updated.level;
        if (change.proposal === null) delete updated.proposal;
        else if (change.proposal) updated.proposal = change.proposal;
        if (change.requestId) updated.requestId = change.requestId;
        records[index] = updated;
        return updated;
      },
      forLearner: async (scope: CourseScope, learnerId, frameworkId) =>
        records.filter(
          (r) =>
            r.platformId === scope.platformId &&
            r.contextId === scope.contextId &&
            r.learnerId === learnerId &&
            r.frameworkId === frameworkId,
        ),
    },
    requests: {
      create: async (request) => void requests.push(request),
      byId: async (_platformId, id) => requests.find((request) => request.id === id) ?? null,
      removeItem: async () => undefined,
    },
    selfAssessments: { append: async (entry) => void selfAssessments.push(entry), history: async () => [] },
    comments: { append: async (comment) => void comments.push(comment), history: async () => [] },
    notifications: { notify: async (list) => void notifications.push(...list) },
    directory: {
      teachesIn: async (platformId, userId, scope) =>
        teaching.has(`${platformId} ${scope.deploymentId} ${scope.contextId} ${userId}`),
      isTutorOf: async (_platformId, tutorId, learnerId) => tutoring.has(`${tutorId} ${learnerId}`),
      isMemberOf: async (scope, userId) => !outsiders.has(`${scope.contextId} ${userId}`),
      courseValidators: async (scope) =>
        [...teaching]
          .filter((key) => key.startsWith(`${scope.platformId} ${scope.deploymentId} ${scope.contextId} `))
          .map((key) => key.split(" ")[3] ?? ""),
      tutorsOf: async (_platformId, learnerId) =>
        [...tutoring]
          .filter((pair) => pair.endsWith(` ${learnerId}`))
          .map((pair) => pair.split(" ")[0] ?? ""),
    },
    teachingScopes: new TeachingScopes({
      coursesTaught: async (platformId, userId) =>
        [...teaching]
          .map((key) => key.split(" "))
          .filter(([p, , , u]) => p === platformId && u === userId)
          .map(([, deploymentId = "", contextId = ""]) => ({ deploymentId, contextId })),
      tuteesOf: async (_platformId, tutorId) =>
        [...tutoring]
          .filter((pair) => pair.startsWith(`${tutorId} `))
          .map((pair) => pair.split(" ")[1] ?? ""),
    }),
    frameworks: {
      byId: async (_platformId, id) => (id === framework.id ? framework : null),
      list: async () => [framework],
      forPlacement: async () => framework,
      forCourse: async () => [framework],
    },
    rules: { get: async () => rules },
    traces: {
      listForLearner: async () => [{ id: "t1", title: "Séquence", revision: 2 }],
      byIds: async (_platformId, learnerId, ids) =>
        learnerId === "learner-1"
          ? [{ id: "t1", title: "Séquence", revision: 2 }].filter((t) => ids.includes(t.id))
          : [],
    },
    readable: {
      tracesOfLearner: async (_actor, learnerId) =>
        learnerId === "learner-1" ? [{ id: "t1", title: "Séquence", revision: 2 }] : [],
    },
    clock,
    newId: () => `id-${++next}`,
  };
  return {
    service: new ValidationService(deps),
    clock,
    records,
    notifications,
    comments,
    selfAssessments,
    teaching,
    tutoring,
    outsiders,
    rules,
  };
}
