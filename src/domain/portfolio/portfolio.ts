// The portfolio's use cases, one service per job, built together from the area's ports.
import type { Clock } from "../../clock.js";
import type { FrameworkCatalog } from "../frameworks/catalog.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";
import type { PeopleDirectory } from "../people/people.js";
import { TraceAccessLoader } from "./access.js";
import { TraceDrafts, type DraftStore } from "./drafts.js";
import { TraceExchanges } from "./exchanges.js";
import { TraceLists } from "./lists.js";
import { TraceNotices } from "./notices.js";
import type {
  AttachmentStore,
  CourseRoster,
  EvidenceGrantSource,
  PortfolioLog,
  PortfolioStore,
  TraceNotifier,
  TutoringDirectory,
} from "./ports.js";
import { TraceReading, type WordDiffs } from "./reading.js";
import { TraceSharing } from "./sharing.js";
import { TraceTagging } from "./tagging.js";
import { TraceFiles } from "./trace-files.js";
import { TraceTypeCatalog } from "./type-catalog.js";
import { TraceWriting } from "./writing.js";

export interface PortfolioDeps {
  store: PortfolioStore;
  /** Drafts of traces being written (their own collection). */
  drafts: DraftStore;
  attachments: AttachmentStore;
  tutoring: TutoringDirectory;
  roster: CourseRoster;
  frameworks: FrameworkCatalog;
  /** Whom an actor follows (courses taught, tutees): the one source of reviewer access. */
  scopes: Pick<TeachingScopes, "of">;
  people: Pick<PeopleDirectory, "person" | "course" | "members">;
  clock: Clock;
  newId: () => string;
  log: PortfolioLog;
  uploadMaxBytes: number;
  evidenceGrants?: EvidenceGrantSource;
  /** In-app notifications of sharing, comments and decisions; none when absent. */
  notifier?: TraceNotifier;
  /** Word diffs of revisions compared, off the event loop (a worker pool). */
  wordDiffs?: WordDiffs;
}

export interface Portfolio {
  types: TraceTypeCatalog;
  tagging: TraceTagging;
  writing: TraceWriting;
  drafts: TraceDrafts;
  reading: TraceReading;
  sharing: TraceSharing;
  exchanges: TraceExchanges;
  files: TraceFiles;
  lists: TraceLists;
}

export function buildPortfolio(deps: PortfolioDeps): Portfolio {
  const { store, clock, newId, log } = deps;
  const access = new TraceAccessLoader({
    store,
    tutoring: deps.tutoring,
    scopes: deps.scopes,
    evidenceGrants: deps.evidenceGrants,
    log,
  });
  const notices = new TraceNotices({ roster: deps.roster, notifier: deps.notifier, log });
  const types = new TraceTypeCatalog({ store, clock, newId, log });
  const tagging = new TraceTagging(deps.frameworks);
  const sharing = new TraceSharing({
    store,
    access,
    roster: deps.roster,
    courses: deps.people,
    notices,
    clock,
  });
  const writing = new TraceWriting({ store, access, types, tagging, clock, newId });
  return {
    types,
    tagging,
    writing,
    drafts: new TraceDrafts({ store: deps.drafts, writing, types, clock }),
    reading: new TraceReading({ store, access, tagging, sharing, wordDiffs: deps.wordDiffs }),
    sharing,
    exchanges: new TraceExchanges({ store, access, notices, clock, newId }),
    files: new TraceFiles({
      store,
      attachments: deps.attachments,
      access,
      clock,
      log,
      uploadMaxBytes: deps.uploadMaxBytes,
    }),
    lists: new TraceLists({
      store,
      access,
      tutoring: deps.tutoring,
      roster: deps.roster,
      people: deps.people,
      log,
    }),
  };
}
