// lti-config's platform presets → what the admin page shows: per LMS, the steps and the values to
// paste, in the reader's language, with Carnet's URLs filled in.
import { fillText, PRESETS, type LtiConfig, type ToolUrls } from "../config/lti-config.js";
import type { Locale } from "../i18n/i18n.js";

export interface PresetView {
  key: string;
  platform: string;
  dynamicRegistration: boolean;
  steps: string[];
  intro: string;
  fields: { label: string; value: string }[];
}

export function presetViews(config: LtiConfig, urls: ToolUrls, locale: Locale): PresetView[] {
  const say = (text: { fr: string; en: string }): string =>
    fillText(locale === "en" ? text.en : text.fr, urls);
  return PRESETS.map((key) => {
    const preset = config.presets[key];
    return {
      key,
      platform: preset.platform,
      dynamicRegistration: preset.dynamicRegistration,
      steps: preset.steps.map(say),
      intro: say(preset.manual.intro),
      fields: preset.manual.fields.map((field) => ({
        label: say(field.label),
        value: fillText(field.value, urls),
      })),
    };
  });
}
