// The pages a jury member sees: their jury's learners, and the page of a link that no longer works.
import { JURY_TIME_ZONE } from "../../domain/dossier/jury-period.js";
import type { AccessLink, LinkRefusal } from "../../domain/dossier/access-links.js";
import type { JuryWithLinks } from "../../domain/dossier/juries.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { dateTimeFormat } from "../../i18n/format.js";

export function presentRefusal(
  reason: LinkRefusal,
  contact: string,
  t: Translate,
): { title: string; reason: string; whomToAsk: string } {
  return {
    title: t("dossier:link.refusedTitle"),
    reason: t(`dossier:link.refused.${reason}`),
    whomToAsk: contact ? t("dossier:link.askPerson", { name: contact }) : t("dossier:link.askSender"),
  };
}

export function presentJuryHome(
  detail: JuryWithLinks,
  link: AccessLink,
  view: { t: Translate; locale: Locale },
): Record<string, unknown> & { title: string } {
  const day = dateTimeFormat(view.locale, { dateStyle: "long", timeZone: JURY_TIME_ZONE });
  return {
    title: detail.jury.title,
    memberName: link.holder.name,
    until: day.format(detail.jury.validUntil),
    learners: detail.learners.map((learner) => ({
      name: learner.name,
      href: `/jury/learners/${learner.id}`,
      pdfHref: `/jury/learners/${learner.id}/pdf`,
    })),
  };
}
