// The placement evaluation a supervisor fills, one form per programme (keyed by the course framework's
// key): a few criteria on a 4-level scale and a free comment. Data, not logic: a programme adds its form
// here; a framework without one gets the general form.
import type { LocalizedText } from "../frameworks/framework.js";

/** The 4 levels every criterion is rated on (their wording is in the placements catalog). */
export const EVALUATION_LEVELS = ["insufficient", "developing", "satisfactory", "excellent"] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number];

export interface EvaluationCriterion {
  code: string;
  label: LocalizedText;
}

export interface EvaluationForm {
  key: string;
  title: LocalizedText;
  criteria: readonly EvaluationCriterion[];
}

/**
 * General medicine: the criteria of the DMG's end-of-placement evaluation grids (the CNGE's generic
 * competences as the supervisor sees them in practice, plus the intern's involvement).
 */
const GENERAL_MEDICINE: EvaluationForm = {
  key: "medecine-generale",
  title: {
    fr: "Évaluation de fin de stage — DES de médecine générale",
    en: "End-of-placement evaluation — general practice training",
  },
  criteria: [
    {
      code: "first_contact",
      label: { fr: "Premier recours, urgences", en: "First contact care, emergencies" },
    },
    {
      code: "relationship",
      label: {
        fr: "Relation, communication, approche centrée patient",
        en: "Relationship, communication, patient-centred approach",
      },
    },
    {
      code: "global_approach",
      label: {
        fr: "Approche globale, prise en compte de la complexité",
        en: "Holistic approach, complexity",
      },
    },
    {
      code: "continuity",
      label: {
        fr: "Continuité, suivi, coordination des soins",
        en: "Continuity, follow-up, coordination of care",
      },
    },
    {
      code: "prevention",
      label: {
        fr: "Éducation en santé, dépistage, prévention",
        en: "Health education, screening, prevention",
      },
    },
    {
      code: "professionalism",
      label: { fr: "Professionnalisme, implication dans le stage", en: "Professionalism, involvement" },
    },
  ],
};

/** C2i2e: what a conseiller pédagogique or a maître formateur observes of ICT in class. */
const C2I2E: EvaluationForm = {
  key: "c2i2e",
  title: {
    fr: "Évaluation du stage — usages des TIC en classe (C2i2e)",
    en: "Placement evaluation — ICT in the classroom (C2i2e)",
  },
  criteria: [
    {
      code: "environment",
      label: {
        fr: "Maîtrise de l'environnement numérique professionnel",
        en: "Command of the professional digital environment",
      },
    },
    {
      code: "preparation",
      label: {
        fr: "Conception et préparation de situations d'apprentissage avec les TIC",
        en: "Designing and preparing learning situations with ICT",
      },
    },
    {
      code: "teaching",
      label: { fr: "Mise en œuvre pédagogique des TIC en classe", en: "Teaching with ICT in class" },
    },
    {
      code: "assessment",
      label: { fr: "Usage des TIC dans l'évaluation", en: "ICT in assessment practices" },
    },
    {
      code: "responsibility",
      label: {
        fr: "Responsabilité professionnelle (droit, éthique, sécurité)",
        en: "Professional responsibility (law, ethics, safety)",
      },
    },
  ],
};

const GENERAL: EvaluationForm = {
  key: "general",
  title: { fr: "Évaluation du stage", en: "Placement evaluation" },
  criteria: [
    {
      code: "practice",
      label: { fr: "Pratique professionnelle observée", en: "Observed professional practice" },
    },
    { code: "reflexivity", label: { fr: "Réflexivité, analyse de sa pratique", en: "Reflexivity" } },
    { code: "relationship", label: { fr: "Relation avec le public et l'équipe", en: "Relationships" } },
    { code: "involvement", label: { fr: "Implication, autonomie", en: "Involvement, autonomy" } },
  ],
};

const BY_FRAMEWORK_KEY: ReadonlyMap<string, EvaluationForm> = new Map([
  ["medecine-generale", GENERAL_MEDICINE],
  ["c2i2e", C2I2E],
  ["c2i2e-2011", C2I2E],
]);

export function evaluationFormFor(frameworkKey: string | null): EvaluationForm {
  return (frameworkKey ? BY_FRAMEWORK_KEY.get(frameworkKey) : undefined) ?? GENERAL;
}

/** The form an evaluation was filled on (its key is stored with it). */
export function evaluationFormByKey(key: string): EvaluationForm {
  return [...BY_FRAMEWORK_KEY.values()].find((form) => form.key === key) ?? GENERAL;
}
