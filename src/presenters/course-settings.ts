// The course settings page: the rules as saved (or as typed when the form came back), the referent
// choices by name, and the course's framework with where to change it.
import { displayName } from "../domain/people/people.js";
import type { CourseSettingsPage } from "../domain/validation/course-settings.js";
import { typedValue, type TypedValues } from "./typed-values.js";
import type { PresenterView } from "./validation-links.js";
import { localized } from "./validation.js";

export function presentCourseSettings(
  settings: CourseSettingsPage,
  view: PresenterView & { saved: boolean; values?: TypedValues; errors?: Readonly<Record<string, string>> },
): { title: string } & Record<string, unknown> {
  const { t, locale, base } = view;
  const { rules } = settings;
  const referent = typedValue(view.values, "referentUserId") ?? rules.referentUserId ?? "";
  const required = typedValue(view.values, "validationsRequired") ?? String(rules.validationsRequired);
  return {
    title: t("validation:settings.title"),
    single: required !== "2",
    double: required === "2",
    reminderAfterDays: typedValue(view.values, "reminderAfterDays") ?? String(rules.reminderAfterDays),
    referents: settings.candidates
      .map((member) => ({ id: member.id, name: displayName(member), selected: member.id === referent }))
      .sort((a, b) => a.name.localeCompare(b.name, "fr")),
    noReferent: referent === "",
    framework: settings.framework ? localized(settings.framework.definition.title, locale) : "",
    frameworksHref: `${base}/frameworks`,
    errors: view.errors ?? {},
    saved: view.saved,
    action: `${base}/course/settings`,
  };
}
