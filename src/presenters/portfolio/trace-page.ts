// The trace page: the text, its tags, files and links, the comments apart from the decisions, the
// revisions, and for its author who reads it now and the share form. Forms refused come back with
// what was typed and a message next to the field.
import type { Actor } from "../../domain/actor.js";
import { checkTracePrivacy } from "../../domain/portfolio/privacy.js";
import type { TracePage } from "../../domain/portfolio/reading.js";
import { MAX_ATTACHMENTS } from "../../domain/portfolio/trace-files.js";
import { DECISION_OUTCOMES, type Trace } from "../../domain/portfolio/types.js";
import type { FlashView } from "./flash.js";
import { namesOnShareCard, shareView } from "./trace-sharing.js";
import {
  commentViews,
  decisionViews,
  formatSize,
  privacyViews,
  revisionViews,
  sectionViews,
  tagViews,
  traceSummary,
  type PresentContext,
} from "./trace-views.js";

type FormValues = Readonly<Record<string, string | string[]>>;

/** How the page comes: after a redirect (a notice), or with a refused form (typed values, messages). */
export interface TracePageState {
  flash: FlashView;
  values?: FormValues;
  errors?: Readonly<Record<string, string>>;
}

/** The default pair to compare: the previous revision against the current one. */
function compareDefaults(numbers: readonly number[]) {
  const sorted = [...numbers].sort((a, b) => b - a);
  const to = sorted[0] ?? 1;
  const from = sorted[1] ?? to;
  return {
    from,
    to,
    options: sorted.map((value) => ({ value, fromSelected: value === from, toSelected: value === to })),
  };
}

function fileViews(trace: Trace, ctx: PresentContext) {
  const path = `${ctx.base}/traces/${trace.id}`;
  return {
    links: trace.links.map((link, index) => ({
      url: link.url,
      label: link.label || link.url,
      deleteAction: `${path}/links/${index}/delete`,
    })),
    attachments: trace.attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      size: formatSize(attachment.size, ctx.t),
      image: attachment.mime.startsWith("image/"),
      href: `${path}/attachments/${attachment.id}`,
      deleteAction: `${path}/attachments/${attachment.id}/delete`,
    })),
    attachmentsFull: trace.attachments.length >= MAX_ATTACHMENTS,
  };
}

/** The names a trace page shows: author, commenters, deciders, revision authors, the audience. */
export function namesOnTracePage(page: TracePage): string[] {
  return [
    page.trace.ownerId,
    ...page.comments.map((comment) => comment.authorId),
    ...page.decisions.map((decision) => decision.deciderId),
    ...page.revisions.map((revision) => revision.authorId),
    ...namesOnShareCard(page.sharing),
  ];
}

/** The Markdown a trace page shows, to render (off the event loop when long) before presenting. */
export function markdownOnTracePage(page: TracePage): string[] {
  return [
    ...page.trace.sections.map((section) => section.body),
    ...page.comments.map((comment) => comment.body),
    ...page.decisions.map((decision) => decision.reason),
  ];
}

export function presentTracePage(
  actor: Actor,
  page: TracePage,
  ctx: PresentContext,
  options: { uploadMaxBytes: number; state: TracePageState },
) {
  const { t, locale, base } = ctx;
  const { trace, can, revisions } = page;
  const owner = page.readerRole === "owner";
  const tags = tagViews(trace, page.frameworks, locale);
  const values = options.state.values ?? {};
  return {
    title: trace.title,
    trace: traceSummary(trace, ctx),
    ownerName: ctx.names?.get(trace.ownerId) ?? "",
    ownerHref: owner ? null : `${base}/learners/${encodeURIComponent(trace.ownerId)}/traces`,
    owner,
    readerRole: t(`portfolio:readerRole.${page.readerRole}`),
    can,
    sections: sectionViews(trace, ctx),
    tags,
    hasTags: tags.competences.length + tags.situations.length > 0,
    ...fileViews(trace, ctx),
    uploadMax: formatSize(options.uploadMaxBytes, t),
    revisions: revisionViews(revisions, trace, ctx),
    compare: revisions.length > 1 ? compareDefaults(revisions.map((revision) => revision.number)) : null,
    comments: commentViews(page.comments, actor.userId, ctx),
    decisions: decisionViews(page.decisions, ctx),
    share: page.sharing ? shareView(trace, page.sharing, ctx, options.state) : null,
    privacy: owner ? privacyViews(checkTracePrivacy(trace), trace, ctx) : [],
    flash: options.state.flash,
    values,
    errors: options.state.errors ?? {},
    decisionOptions: DECISION_OUTCOMES.map((value) => ({
      value,
      label: t(`portfolio:decision.${value}`),
      checked: values.outcome === value,
    })),
  };
}
