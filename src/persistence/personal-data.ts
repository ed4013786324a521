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
/** The person's LMS user id (their document, deleted with them). */
const ownSub = (path: string): PersonField => ({ path, erase: "delete", match: "sub" });
/** A text embedding the person's id (JSON, a path): kept, the id replaced by the pseudonym. */
const mentioned = (path: string): PersonField => ({ path, erase: "pseudonymise", match: "contains" });

/** A collection of a platform's documents, the usual case: `platformId` is added to every query. */
function onPlatform(
  collection: string,
  kind: string,
  fields: readonly PersonField[],
  more: Pick<PersonalCollection, "bucket" | "secrets" | "notPeople"> = {},
): PersonalCollection {
  return { collection, kind, tenant: PLATFORM, fields, ...more };
}

/**
 * Collections holding people's data. Order matters for a resumable erasure: a document deleted late
 * (the user record last) still identifies the person if an interrupted erasure is run again.
 */
export const PERSONAL_COLLECTIONS: readonly PersonalCollection[] = [
  // LTI: launches, sessions and memberships are the person's; login states carry their LMS id.
  onPlatform("carnet_login_states", "login-states", [ownSub("loginHint")], {
    secrets: ["nonce"],
  }),
  onPlatform("carnet_sessions", "sessions", [own("userId")], { secrets: ["csrfSecret"] }),
  onPlatform("carnet_launches", "launches", [own("userId"), named("mentees")]),
  onPlatform("memberships", "memberships", [own("userId")]),
  // Portfolio: the person's traces with every revision, comments and decisions on them, their files.
  {
    collection: "trace_files.files",
    kind: "trace-attachments",
    bucket: "trace_files",
    tenant: "metadata.platformId",
    fields: [own("metadata.ownerId")],
  },
  onPlatform(
    "traces",
    "traces",
    [
      own("ownerId"),
      named("sharedWith.tutorIds"),
      named("sharedWith.people"),
      named("lastComment.authorId"),
      named("attachments.uploadedBy"),
    ],
    { notPeople: [{ path: "sharedWith.tutors", why: "a yes/no: shared with the learner's tutors" }] },
  ),
  onPlatform("trace_revisions", "trace-revisions", [own("ownerId"), named("authorId")]),
  // What the person wrote on others' traces is theirs: removed with them.
  onPlatform("trace_comments", "trace-comments", [own("ownerId"), own("authorId")]),
  // A decision on another learner's trace stays, by a pseudonym: that learner's record needs it.
  onPlatform("trace_decisions", "trace-decisions", [own("ownerId"), named("deciderId")]),
  onPlatform("trace_types", "trace-types", [named("createdBy")]),
  onPlatform("dossier_selections", "dossier-selections", [own("learnerId")]),
  // Validation: the person's records, requests and self-assessments; their validations of others stay.
  {
    collection: "validation_scans.files",
    kind: "paper-form-scans",
    bucket: "validation_scans",
    tenant: "metadata.platformId",
    fields: [own("metadata.learnerId"), named("metadata.uploadedBy")],
  },
  onPlatform("competence_records", "competence-records", [
    own("learnerId"),
    named("assignedValidatorIds"),
    named("approvals.validatorId"),
    named("timeline.actorId"),
    named("proposal.by"),
  ]),
  onPlatform("competence_summaries", "competence-summaries", [own("learnerId"), mentioned("pending")], {
    notPeople: [{ path: "member", why: "a yes/no: a learner of the course now" }],
  }),
  onPlatform("validation_requests", "validation-requests", [own("learnerId"), named("assignedValidatorIds")]),
  onPlatform("self_assessments", "self-assessments", [own("learnerId")]),
  onPlatform("validation_comments", "validation-comments", [own("learnerId"), own("authorId")]),
  onPlatform("tutor_notes", "tutor-notes", [own("learnerId"), own("authorId")]),
  // A contact with another learner happened (kept, by a pseudonym); the note the person wrote goes.
  onPlatform("contact_log", "contact-log", [own("learnerId"), named("authorId", ["note"])]),
  onPlatform(
    "notifications",
    "notifications",
    [
      own("userId"),
      named("params.by"),
      named("params.learnerId"),
      named("params.tutorId"),
      mentioned("path"),
    ],
    { notPeople: [{ path: "email", why: "whether an e-mail is due, not an address" }] },
  ),
  onPlatform("credentials", "credentials", [own("learnerId")]),
  // Tutoring: relations on either side go; groups, sessions and interviews of others keep a pseudonym.
  onPlatform("tutoring_relations", "tutoring-relations", [
    own("learnerId"),
    own("tutorId"),
    named("createdBy"),
    named("endedBy"),
  ]),
  onPlatform("tutoring_groups", "tutoring-groups", [named("tutorId"), named("createdBy")]),
  onPlatform("tutoring_team_notes", "team-notes", [own("learnerId"), own("authorId")]),
  onPlatform("tutoring_imports", "tutoring-imports", [own("userId")]),
  onPlatform("tutoring_settings", "tutoring-settings", [named("updatedBy")]),
  onPlatform("tutoring_interviews", "interviews", [own("learnerId"), named("tutorId")]),
  onPlatform("group_sessions", "group-sessions", [
    named("tutorId"),
    named("invitees"),
    named("attendance.learnerId"),
    named("acknowledgements.learnerId"),
    named("mailed.learnerId"),
    named("report.writtenBy"),
    named("createdBy"),
  ]),
  onPlatform("session_agenda_templates", "agenda-templates", [named("updatedBy")]),
  // Confidential support: the learner's cases go with them; their part in others' cases keeps a pseudonym.
  onPlatform("support_cases", "support-cases", [
    own("learnerId"),
    named("openedBy"),
    named("members"),
    named("notes.authorId"),
    named("addedByLearner"),
    named("escalations.by"),
    named("closure.by"),
  ]),
  onPlatform("support_signals", "support-signals", [own("learnerId"), named("source.userId")]),
  onPlatform("support_access", "support-access-log", [own("learnerId"), named("readerId")]),
  onPlatform("support_purges", "support-purges", [own("learnerId")]),
  onPlatform("support_settings", "support-settings", [named("supportPersonIds"), named("updatedBy")]),
  // Editor drafts saved while typing (landing with the drafts work): the writer's own.
  onPlatform("trace_drafts", "trace-drafts", [own("userId")]),
  // Placement supervisors' invitations (landing with the supervisors work): the learner's own.
  onPlatform("placement_invitations", "placement-invitations", [own("learnerId"), named("createdBy")], {
    notPeople: [
      { path: "supervisor.email", why: "a placement supervisor outside the LMS, not a Carnet user" },
    ],
  }),
  // Jury dossier, juries and links for people outside the LMS.
  onPlatform("tutor_syntheses", "tutor-syntheses", [own("learnerId"), named("authorId")]),
  onPlatform("juries", "juries", [named("learnerIds"), named("createdBy")]),
  onPlatform("access_links", "access-links", [named("createdBy")], {
    notPeople: [{ path: "holder.email", why: "a jury member outside the LMS, not a Carnet user (see docs)" }],
  }),
  // Grades: the person's outbox entries (pending scores included) go; the LMS keeps its gradebook.
  onPlatform("grade_deliveries", "grade-deliveries", [own("learnerId"), ownSub("userSub")], {
    secrets: ["lease"],
    notPeople: [{ path: "lease.owner", why: "the Carnet instance delivering the score" }],
  }),
  onPlatform("grade_learners", "grade-learners", [own("learnerId")]),
  // Administration: who imported, configured or invited keeps a pseudonym; the referent is unset.
  onPlatform("frameworks", "framework-imports", [named("importedBy")]),
  onPlatform("framework_drafts", "framework-drafts", [own("userId")]),
  onPlatform("course_settings", "course-settings", [
    { path: "referentUserId", erase: "unset" },
    named("updatedBy"),
  ]),
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
  onPlatform("users", "profile", [own("_id"), ownSub("sub")], {
    notPeople: [{ path: "email", why: "the person's own address, deleted with their record" }],
  }),
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
