// The one registry of where a person's data lives: per collection, which fields name a person and what
// a person's erasure does there. Export and erasure read nothing else, and a test fails when a collection
// (or a field that looks like a person's id) is missing from it: a new collection is registered here.

/**
 * What erasing the person does to a document where `path` names them:
 * - delete: the document is theirs (their trace, their notification, their membership);
 * - pseudonymise: the document is someone else's and keeps what happened (a validation they gave another
 *   learner), with every mention of the person replaced by the erasure's pseudonym ("personne effacée");
 * - unset: an optional pointer at the person is removed (a course's referent).
 */
export type ErasureAction = "delete" | "pseudonymise" | "unset";

/**
 * How `path` names the person: `id` holds their Carnet user id (or an array holding it), `sub` their LMS
 * user id (exact value, scoped to the platform), `contains` a text that embeds their user id (JSON text,
 * composite keys, paths).
 */
export type PersonMatch = "id" | "sub" | "contains";

export interface PersonField {
  path: string;
  erase: ErasureAction;
  match?: PersonMatch;
  /** Fields of a pseudonymised document that hold what the person wrote there, emptied with it. */
  redact?: readonly string[];
}

export interface PersonalCollection {
  collection: string;
  /** The export's file name (`<kind>.json`) and the confirmation's line. */
  kind: string;
  fields: readonly PersonField[];
  /** The tenant key of its documents, added to every query; absent when the collection has none. */
  tenant?: string;
  /** A GridFS files collection: its chunks go with each deleted file, its bytes go under files/. */
  bucket?: string;
  /** Secrets never written to an export (the session's CSRF secret, leases). */
  secrets?: readonly string[];
  /** Fields that look like a person's and are not a query's business here (with the reason). */
  notPeople?: readonly NotAPerson[];
}

export interface NotAPerson {
  path: string;
  why: string;
}

export interface ImpersonalCollection {
  collection: string;
  /** Why no person's data is there (or who else takes care of it). */
  holdsNoPerson: string;
  notPeople?: readonly NotAPerson[];
}

const PLATFORM = "platformId";

const own = (path: string): PersonField => ({ path, erase: "delete" });
const named = (path: string, redact?: readonly string[]): PersonField => ({
  path,
  erase: "pseudonymise",
  ...(redact ? { redact } : {}),
});

/**
 * Collections holding people's data. Order matters for a resumable erasure: a document deleted late
 * (the user record last) still identifies the person if an interrupted erasure is run again.
 */
export const PERSONAL_COLLECTIONS: readonly PersonalCollection[] = [
  // LTI: launches, sessions and memberships are the person's; login states carry their LMS id.
  {
    collection: "carnet_login_states",
    kind: "login-states",
    tenant: PLATFORM,
    fields: [{ path: "loginHint", erase: "delete", match: "sub" }],
    secrets: ["nonce"],
  },
  {
    collection: "carnet_sessions",
    kind: "sessions",
    tenant: PLATFORM,
    fields: [own("userId")],
    secrets: ["csrfSecret"],
  },
  {
    collection: "carnet_launches",
    kind: "launches",
    tenant: PLATFORM,
    fields: [own("userId"), named("mentees")],
  },
  { collection: "memberships", kind: "memberships", tenant: PLATFORM, fields: [own("userId")] },
  // Portfolio: the person's traces with every revision, comments and decisions on them, their files.
  {
    collection: "trace_files.files",
    kind: "trace-attachments",
    bucket: "trace_files",
    tenant: "metadata.platformId",
    fields: [own("metadata.ownerId")],
  },
  {
    collection: "traces",
    kind: "traces",
    tenant: PLATFORM,
    fields: [
      own("ownerId"),
      named("sharedWith.tutorIds"),
      named("sharedWith.people"),
      named("lastComment.authorId"),
      named("attachments.uploadedBy"),
    ],
    notPeople: [{ path: "sharedWith.tutors", why: "a yes/no: shared with the learner's tutors" }],
  },
  {
    collection: "trace_revisions",
    kind: "trace-revisions",
    tenant: PLATFORM,
    fields: [own("ownerId"), named("authorId")],
  },
  // What the person wrote on others' traces is theirs: removed with them.
  {
    collection: "trace_comments",
    kind: "trace-comments",
    tenant: PLATFORM,
    fields: [own("ownerId"), own("authorId")],
  },
  // A decision on another learner's trace stays, by a pseudonym: that learner's record needs it.
  {
    collection: "trace_decisions",
    kind: "trace-decisions",
    tenant: PLATFORM,
    fields: [own("ownerId"), named("deciderId")],
  },
  { collection: "trace_types", kind: "trace-types", tenant: PLATFORM, fields: [named("createdBy")] },
  {
    collection: "dossier_selections",
    kind: "dossier-selections",
    tenant: PLATFORM,
    fields: [own("learnerId")],
  },
  // Validation: the person's records, requests and self-assessments; their validations of others stay.
  {
    collection: "validation_scans.files",
    kind: "paper-form-scans",
    bucket: "validation_scans",
    tenant: "metadata.platformId",
    fields: [own("metadata.learnerId"), named("metadata.uploadedBy")],
  },
  {
    collection: "competence_records",
    kind: "competence-records",
    tenant: PLATFORM,
    fields: [
      own("learnerId"),
      named("assignedValidatorIds"),
      named("approvals.validatorId"),
      named("timeline.actorId"),
      named("proposal.by"),
    ],
  },
  {
    collection: "competence_summaries",
    kind: "competence-summaries",
    tenant: PLATFORM,
    fields: [own("learnerId"), { path: "pending", erase: "pseudonymise", match: "contains" }],
  },
  {
    collection: "validation_requests",
    kind: "validation-requests",
    tenant: PLATFORM,
    fields: [own("learnerId"), named("assignedValidatorIds")],
  },
  { collection: "self_assessments", kind: "self-assessments", tenant: PLATFORM, fields: [own("learnerId")] },
  {
    collection: "validation_comments",
    kind: "validation-comments",
    tenant: PLATFORM,
    fields: [own("learnerId"), own("authorId")],
  },
  {
    collection: "tutor_notes",
    kind: "tutor-notes",
    tenant: PLATFORM,
    fields: [own("learnerId"), own("authorId")],
  },
  // A contact with another learner happened (kept, by a pseudonym); the note the person wrote goes.
  {
    collection: "contact_log",
    kind: "contact-log",
    tenant: PLATFORM,
    fields: [own("learnerId"), named("authorId", ["note"])],
  },
  {
    collection: "notifications",
    kind: "notifications",
    tenant: PLATFORM,
    fields: [
      own("userId"),
      named("params.by"),
      named("params.learnerId"),
      named("params.tutorId"),
      { path: "path", erase: "pseudonymise", match: "contains" },
    ],
    notPeople: [{ path: "email", why: "whether an e-mail is due, not an address" }],
  },
  {
    collection: "credentials",
    kind: "credentials",
    tenant: PLATFORM,
    fields: [own("learnerId")],
  },
  // Tutoring: relations on either side go; groups, sessions and interviews of others keep a pseudonym.
  {
    collection: "tutoring_relations",
    kind: "tutoring-relations",
    tenant: PLATFORM,
    fields: [own("learnerId"), own("tutorId"), named("createdBy"), named("endedBy")],
  },
  {
    collection: "tutoring_groups",
    kind: "tutoring-groups",
    tenant: PLATFORM,
    fields: [named("tutorId"), named("createdBy")],
  },
  {
    collection: "tutoring_team_notes",
    kind: "team-notes",
    tenant: PLATFORM,
    fields: [own("learnerId"), own("authorId")],
  },
  { collection: "tutoring_imports", kind: "tutoring-imports", tenant: PLATFORM, fields: [own("userId")] },
  {
    collection: "tutoring_settings",
    kind: "tutoring-settings",
    tenant: PLATFORM,
    fields: [named("updatedBy")],
  },
  {
    collection: "tutoring_interviews",
    kind: "interviews",
    tenant: PLATFORM,
    fields: [own("learnerId"), named("tutorId")],
  },
  {
    collection: "group_sessions",
    kind: "group-sessions",
    tenant: PLATFORM,
    fields: [
      named("tutorId"),
      named("invitees"),
      named("attendance.learnerId"),
      named("acknowledgements.learnerId"),
      named("mailed.learnerId"),
      named("report.writtenBy"),
      named("createdBy"),
    ],
  },
  {
    collection: "session_agenda_templates",
    kind: "agenda-templates",
    tenant: PLATFORM,
    fields: [named("updatedBy")],
  },
  // Confidential support: the learner's cases go with them; their part in others' cases keeps a pseudonym.
  {
    collection: "support_cases",
    kind: "support-cases",
    tenant: PLATFORM,
    fields: [
      own("learnerId"),
      named("openedBy"),
      named("members"),
      named("notes.authorId"),
      named("addedByLearner"),
      named("escalations.by"),
      named("closure.by"),
    ],
  },
  {
    collection: "support_signals",
    kind: "support-signals",
    tenant: PLATFORM,
    fields: [own("learnerId"), named("source.userId")],
  },
  {
    collection: "support_access",
    kind: "support-access-log",
    tenant: PLATFORM,
    fields: [own("learnerId"), named("readerId")],
  },
  { collection: "support_purges", kind: "support-purges", tenant: PLATFORM, fields: [own("learnerId")] },
  {
    collection: "support_settings",
    kind: "support-settings",
    tenant: PLATFORM,
    fields: [named("supportPersonIds"), named("updatedBy")],
  },
  // Editor drafts saved while typing (landing with the drafts work): the writer's own.
  { collection: "trace_drafts", kind: "trace-drafts", tenant: PLATFORM, fields: [own("userId")] },
  // Placement supervisors' invitations (landing with the supervisors work): the learner's own.
  {
    collection: "placement_invitations",
    kind: "placement-invitations",
    tenant: PLATFORM,
    fields: [own("learnerId"), named("createdBy")],
    notPeople: [
      { path: "supervisor.email", why: "a placement supervisor outside the LMS, not a Carnet user" },
    ],
  },
  // Jury dossier, juries and links for people outside the LMS.
  {
    collection: "tutor_syntheses",
    kind: "tutor-syntheses",
    tenant: PLATFORM,
    fields: [own("learnerId"), named("authorId")],
  },
  {
    collection: "juries",
    kind: "juries",
    tenant: PLATFORM,
    fields: [named("learnerIds"), named("createdBy")],
  },
  {
    collection: "access_links",
    kind: "access-links",
    tenant: PLATFORM,
    fields: [named("createdBy")],
    notPeople: [{ path: "holder.email", why: "a jury member outside the LMS, not a Carnet user (see docs)" }],
  },
  // Grades: the person's outbox entries (pending scores included) go; the LMS keeps its gradebook.
  {
    collection: "grade_deliveries",
    kind: "grade-deliveries",
    tenant: PLATFORM,
    fields: [own("learnerId"), { path: "userSub", erase: "delete", match: "sub" }],
    secrets: ["lease"],
    notPeople: [{ path: "lease.owner", why: "the Carnet instance delivering the score" }],
  },
  { collection: "grade_learners", kind: "grade-learners", tenant: PLATFORM, fields: [own("learnerId")] },
  // Administration: who imported, configured or invited keeps a pseudonym; the referent is unset.
  { collection: "frameworks", kind: "framework-imports", tenant: PLATFORM, fields: [named("importedBy")] },
  { collection: "framework_drafts", kind: "framework-drafts", tenant: PLATFORM, fields: [own("userId")] },
  {
    collection: "course_settings",
    kind: "course-settings",
    tenant: PLATFORM,
    fields: [{ path: "referentUserId", erase: "unset" }, named("updatedBy")],
  },
  {
    collection: "carnet_registration_invitations",
    kind: "registration-invitations",
    fields: [named("createdBy")],
  },
  // The audit log keeps every event; the person in it becomes the pseudonym.
  {
    collection: "carnet_audit_events",
    kind: "audit-events",
    fields: [named("actor.userId"), named("target.id")],
  },
  // Last: the user record, which names the person until the erasure is over.
  {
    collection: "users",
    kind: "profile",
    tenant: PLATFORM,
    fields: [own("_id"), { path: "sub", erase: "delete", match: "sub" }],
    notPeople: [{ path: "email", why: "the person's own address, deleted with their record" }],
  },
];

/** Collections where no person's data is kept (checked by the same test: a new one must say why). */
export const IMPERSONAL_COLLECTIONS: readonly ImpersonalCollection[] = [
  {
    collection: "carnet_platforms",
    holdsNoPerson: "LMS registrations",
    notPeople: [{ path: "registration.admittedBy", why: "invitation or allowlist, not a person" }],
  },
  { collection: "courses", holdsNoPerson: "courses (titles and labels from the LMS)" },
  { collection: "placements", holdsNoPerson: "resource links and their grading" },
  { collection: "validation_job_runs", holdsNoPerson: "a job's day markers" },
  { collection: "credential_issuers", holdsNoPerson: "the issuing institution's profile and status list" },
  { collection: "credential_keys", holdsNoPerson: "issuer keys" },
  {
    collection: "grade_line_items",
    holdsNoPerson: "LMS line items of placements",
    notPeople: [{ path: "claim.owner", why: "the Carnet instance creating the line item" }],
  },
  { collection: "trace_files.chunks", holdsNoPerson: "bytes of trace_files.files, deleted with each file" },
  {
    collection: "validation_scans.chunks",
    holdsNoPerson: "bytes of validation_scans.files, deleted with each file",
  },
  {
    collection: "person_erasures",
    holdsNoPerson:
      "the erasure journal: names the person only while an erasure runs, forgets them at its end",
  },
];

/** ltijs's own collections (mongoose's default connection, same database): the tool's keys only. */
export const LTIJS_COLLECTIONS: readonly string[] = [
  "platforms",
  "platformstatuses",
  "privatekeys",
  "publickeys",
  "accesstokens",
  "idtokens",
  "contexttokens",
  "nonces",
  "states",
];

export function personalCollection(name: string): PersonalCollection | undefined {
  return PERSONAL_COLLECTIONS.find((entry) => entry.collection === name);
}
