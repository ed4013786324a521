// The deep-linking chooser: what the new link opens, its framework and its grading, with what was
// typed kept when the form comes back refused.
import { countCompetences } from "../domain/frameworks/framework.js";
import type { PlacementFrameworkChoices } from "../domain/frameworks/placement-frameworks.js";
import { DEFAULT_SCORE_MAXIMUM, GRADING_POLICIES, PLACEMENT_VIEWS } from "../lti/deep-linking.js";
import { typedValue, type TypedValues } from "./typed-values.js";
import type { PresenterView } from "./validation-links.js";
import { localized } from "./validation.js";

export function presentPlacementChooser(
  choices: PlacementFrameworkChoices,
  view: PresenterView & {
    acceptsLineItem: boolean;
    values?: TypedValues;
    errors?: Readonly<Record<string, string>>;
  },
): { title: string } & Record<string, unknown> {
  const { t, locale, values } = view;
  const chosenView = typedValue(values, "view") ?? PLACEMENT_VIEWS[0];
  const chosenFramework = values
    ? (typedValue(values, "frameworkId") ?? "")
    : (choices.courseDefaultId ?? "");
  const chosenPolicy = typedValue(values, "policy") ?? GRADING_POLICIES[0];
  return {
    title: t("lti:deepLinking.title"),
    views: PLACEMENT_VIEWS.map((option) => ({
      value: option,
      label: t(`lti:deepLinking.view.${option}`),
      hint: t(`lti:deepLinking.viewHint.${option}`),
      checked: option === chosenView,
    })),
    policies: GRADING_POLICIES.map((policy) => ({
      value: policy,
      label: t(`lti:deepLinking.policy.${policy}`),
      selected: policy === chosenPolicy,
    })),
    frameworks: choices.frameworks.map((framework) => ({
      id: framework.id,
      label: `${localized(framework.definition.title, locale)} (${framework.version}, ${countCompetences(framework.definition).leaves})`,
      selected: framework.id === chosenFramework,
    })),
    linkTitle: typedValue(values, "title") ?? t("lti:deepLinking.defaultTitle"),
    graded: typedValue(values, "graded") !== undefined,
    scoreMaximum: typedValue(values, "scoreMaximum") ?? String(DEFAULT_SCORE_MAXIMUM),
    // Unticked boxes are not sent: a refused form keeps the box as it was; a new one starts ticked.
    runningScore: values ? typedValue(values, "runningScore") !== undefined : true,
    acceptsLineItem: view.acceptsLineItem,
    errors: view.errors ?? {},
  };
}
