// Juries as their programme lead sees them: the list and creation form, one jury with each member's
// link (to send them), its state (not opened yet, opened, revoked) and the learners it may read.
import { JURY_TIME_ZONE } from "../../domain/dossier/jury-period.js";
import type { AccessLink } from "../../domain/dossier/access-links.js";
import type { Jury, JuryWithLinks } from "../../domain/dossier/juries.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { dateTimeFormat } from "../../i18n/format.js";
import { typedValue, type FormPageView } from "../typed-values.js";

type View = FormPageView;

function period(jury: Pick<Jury, "validFrom" | "validUntil">, locale: Locale): string {
  const day = dateTimeFormat(locale, { dateStyle: "long", timeZone: JURY_TIME_ZONE });
  return `${day.format(jury.validFrom)} – ${day.format(jury.validUntil)}`;
}

export function presentJuries(
  input: { juries: Jury[]; candidates: { id: string; name: string }[] },
  view: View,
): Record<string, unknown> & { title: string } {
  const { t, locale, base, values } = view;
  const typedLearners = values?.learners;
  const picked = new Set(
    typedLearners === undefined ? [] : Array.isArray(typedLearners) ? typedLearners : [typedLearners],
  );
  return {
    title: t("dossier:juries.title"),
    action: `${base}/juries`,
    errors: view.errors ?? {},
    juries: input.juries.map((jury) => ({
      title: jury.title,
      href: `${base}/juries/${jury.id}`,
      period: period(jury, locale),
      learners: jury.learnerIds.length,
    })),
    candidates: input.candidates.map((learner) => ({ ...learner, checked: picked.has(learner.id) })),
    typed: {
      title: typedValue(values, "title") ?? "",
      members: typedValue(values, "members") ?? "",
      validFrom: typedValue(values, "validFrom") ?? "",
      validUntil: typedValue(values, "validUntil") ?? "",
    },
  };
}

function linkState(link: AccessLink, t: Translate): string {
  if (link.revokedAt) return t("dossier:jury.state.revoked");
  return link.claim ? t("dossier:jury.state.opened") : t("dossier:jury.state.waiting");
}

export function presentJury(
  input: JuryWithLinks & { urlOf: (link: AccessLink) => string },
  view: Pick<View, "t" | "locale" | "base">,
): Record<string, unknown> & { title: string } {
  const { t, locale, base } = view;
  const { jury } = input;
  return {
    title: jury.title,
    period: period(jury, locale),
    backHref: `${base}/juries`,
    members: input.links.map((link) => ({
      name: link.holder.name,
      email: link.holder.email,
      state: linkState(link, t),
      url: link.revokedAt ? null : input.urlOf(link),
      revokeAction: link.revokedAt ? null : `${base}/juries/${jury.id}/links/${link.id}/revoke`,
    })),
    learners: input.learners,
  };
}
