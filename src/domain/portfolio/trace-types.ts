// Trace types and their templates: the built-in ones are data below; admins add their own per platform.
import { z } from "zod";
import type { LocalizedText, SectionProgress, TraceSection } from "./types.js";

export interface SectionTemplate {
  key: string;
  title: LocalizedText;
  /** Writing help shown next to the field, one prompt per line. */
  guidance: LocalizedText;
}

export interface TraceTypeDefinition {
  key: string;
  name: LocalizedText;
  description: LocalizedText;
  sections: SectionTemplate[];
  /** Shipped with Carnet (shared by every platform) or added by a platform's administrator. */
  builtIn: boolean;
  /** Archived types are kept for the traces that use them but are no longer offered. */
  archived: boolean;
}

const text = (fr: string, en: string): LocalizedText => ({ fr, en });
const lines = (fr: string[], en: string[]): LocalizedText => ({ fr: fr.join("\n"), en: en.join("\n") });

const PRIVACY_LINE = {
  fr: "Ne nommez personne : âge, sexe et contexte suffisent (« M. X, 58 ans », « un élève de 5e »).",
  en: "Name no one: age, sex and context are enough (“Mr X, 58”, “a year-8 pupil”).",
};

/** Prompts for a section that tells of patients or pupils: they end with the privacy reminder. */
const linesNamingNoOne = (fr: string[], en: string[]): LocalizedText =>
  lines([...fr, PRIVACY_LINE.fr], [...en, PRIVACY_LINE.en]);

/**
 * Built-in types. Sections and prompts follow the field practice described in the research notes:
 * RSCA in four parts (Récit / Analyse / Recherche / Synthèse) with the analysis dimensions tutors
 * expect (problems raised, competences at play, knowledge needed, changes to practice); learning
 * traces by event type; lesson sequences and resources produced for the C2i2e.
 */
export const BUILT_IN_TRACE_TYPES: readonly TraceTypeDefinition[] = [
  {
    key: "rsca",
    name: text(
      "RSCA — récit de situation complexe authentique",
      "RSCA — narrative of an authentic complex situation",
    ),
    description: text(
      "Une situation vraiment vécue en stage, racontée puis analysée, avec une recherche documentaire et une synthèse.",
      "A situation you really lived in placement, told then analysed, with a literature search and a synthesis.",
    ),
    builtIn: true,
    archived: false,
    sections: [
      {
        key: "recit",
        title: text("Récit", "Narrative"),
        guidance: linesNamingNoOne(
          [
            "Racontez à la première personne une situation réellement vécue en stage, qui vous a posé question.",
            "Le contexte : lieu, moment, votre rôle, les personnes présentes.",
            "Le déroulement : ce qui s'est passé, ce que vous avez dit et fait, dans l'ordre.",
            "Ce qui rend la situation complexe : plusieurs problèmes mêlés (biomédicaux, psychologiques, sociaux, relationnels, éthiques), de l'incertitude, des enjeux.",
            "Vos ressentis et réflexions sur le moment : doutes, émotions, surprises.",
          ],
          [
            "Tell, in the first person, a situation you really lived in placement and that raised questions for you.",
            "The context: place, time, your role, who was there.",
            "What happened: what you said and did, in order.",
            "What makes it complex: several intertwined problems (biomedical, psychological, social, relational, ethical), uncertainty, stakes.",
            "What you felt and thought at the time: doubts, emotions, surprises.",
          ],
        ),
      },
      {
        key: "analyse",
        title: text("Analyse", "Analysis"),
        guidance: lines(
          [
            "Les problèmes que pose la situation : listez-les (biomédicaux, psychosociaux, relationnels, éthiques, organisationnels).",
            "Les compétences en jeu : lesquelles avez-vous mobilisées ou auraient été utiles ? Taguez-les plus bas.",
            "Ce que vous avez bien fait, ce que vous auriez pu faire autrement, et pourquoi.",
            "Les savoirs qui vous ont manqué : formulez-les en questions de recherche précises.",
          ],
          [
            "The problems the situation raises: list them (biomedical, psychosocial, relational, ethical, organisational).",
            "The competences at play: which did you use, or would have helped? Tag them below.",
            "What you did well, what you could have done differently, and why.",
            "The knowledge you lacked: turn it into precise research questions.",
          ],
        ),
      },
      {
        key: "recherche",
        title: text("Recherche", "Research"),
        guidance: lines(
          [
            "Pour chaque question de l'analyse, cherchez une réponse : recommandations (HAS, sociétés savantes), articles, ouvrages, avis d'un pair ou d'un maître de stage.",
            "Citez vos sources (auteur, titre, année, lien) et leur niveau de preuve.",
            "Lisez-les de façon critique : s'appliquent-elles à ce patient, à ce lieu d'exercice ?",
          ],
          [
            "For each question from the analysis, look for an answer: guidelines, articles, books, a peer's or supervisor's advice.",
            "Cite your sources (author, title, year, link) and their level of evidence.",
            "Read them critically: do they apply to this patient, to this practice setting?",
          ],
        ),
      },
      {
        key: "synthese",
        title: text("Synthèse", "Synthesis"),
        guidance: lines(
          [
            "Ce que vous avez appris, en réponse à vos questions.",
            "Ce que vous changerez concrètement dans votre pratique.",
            "Ce qui reste à apprendre : vos prochains objectifs.",
          ],
          [
            "What you learned, in answer to your questions.",
            "What you will concretely change in your practice.",
            "What is left to learn: your next goals.",
          ],
        ),
      },
    ],
  },
  {
    key: "trace-apprentissage",
    name: text("Trace d'apprentissage", "Learning trace"),
    description: text(
      "Un événement de stage (accident, incident, procédure, problème) et ce que vous en retenez.",
      "A placement event (accident, incident, procedure, problem) and what you take from it.",
    ),
    builtIn: true,
    archived: false,
    sections: [
      {
        key: "evenement",
        title: text("Événement", "Event"),
        guidance: lines(
          [
            "Type d'événement : accident, incident, procédure, problème, découverte.",
            "Quand et où, votre rôle.",
          ],
          ["Kind of event: accident, incident, procedure, problem, discovery.", "When and where, your role."],
        ),
      },
      {
        key: "presentation",
        title: text("Présentation", "Presentation"),
        guidance: linesNamingNoOne(
          ["Décrivez brièvement ce qui s'est passé."],
          ["Briefly describe what happened."],
        ),
      },
      {
        key: "analyse",
        title: text("Analyse", "Analysis"),
        guidance: lines(
          [
            "Pourquoi est-ce arrivé ? Ce que vous saviez, ce qui vous a manqué.",
            "Avant l'action : votre raisonnement. Après : votre jugement sur ce que vous avez fait.",
          ],
          [
            "Why did it happen? What you knew, what you lacked.",
            "Before acting: your reasoning. After: your judgement on what you did.",
          ],
        ),
      },
      {
        key: "retenir",
        title: text("Ce que j'en retiens", "What I take from it"),
        guidance: lines(
          ["Ce que vous avez appris, ce que vous ferez la prochaine fois, votre prochain objectif."],
          ["What you learned, what you will do next time, your next goal."],
        ),
      },
    ],
  },
  {
    key: "vignette-clinique",
    name: text("Vignette clinique", "Clinical vignette"),
    description: text(
      "Un cas court, les questions qu'il pose et les réponses trouvées.",
      "A short case, the questions it raises and the answers found.",
    ),
    builtIn: true,
    archived: false,
    sections: [
      {
        key: "situation",
        title: text("Situation clinique", "Clinical situation"),
        guidance: linesNamingNoOne(
          ["Motif, contexte et éléments utiles, en quelques lignes."],
          ["Reason for the visit, context and useful facts, in a few lines."],
        ),
      },
      {
        key: "questions",
        title: text("Questions posées", "Questions raised"),
        guidance: lines(
          ["Les questions que le cas pose : diagnostic, traitement, prévention, suivi, coordination."],
          ["The questions the case raises: diagnosis, treatment, prevention, follow-up, coordination."],
        ),
      },
      {
        key: "demarche",
        title: text("Démarche et réponses", "Reasoning and answers"),
        guidance: lines(
          ["Votre raisonnement, les réponses trouvées et leurs sources."],
          ["Your reasoning, the answers you found and their sources."],
        ),
      },
      {
        key: "points-cles",
        title: text("Points clés", "Key points"),
        guidance: lines(["Trois à cinq points à retenir."], ["Three to five points to remember."]),
      },
    ],
  },
  {
    key: "sequence",
    name: text("Séquence ou séance (préparation et bilan)", "Lesson sequence or session (plan and review)"),
    description: text(
      "La préparation d'une séance ou d'une séquence, son déroulement et votre bilan après la classe.",
      "The plan of a session or sequence, how it went and your review after class.",
    ),
    builtIn: true,
    archived: false,
    sections: [
      {
        key: "contexte",
        title: text("Contexte et objectifs", "Context and goals"),
        guidance: lines(
          [
            "Classe, niveau, discipline, durée, place dans la progression.",
            "Objectifs d'apprentissage visés.",
          ],
          ["Class, level, subject, length, place in the progression.", "Learning goals."],
        ),
      },
      {
        key: "deroulement",
        title: text("Déroulement", "Outline"),
        guidance: lines(
          [
            "Les étapes : activités des élèves, rôle de l'enseignant, supports, organisation (groupes, îlots), durée de chaque phase.",
            "Comment vous vérifiez ce que les élèves ont appris.",
          ],
          [
            "The steps: pupils' activities, the teacher's role, materials, organisation (groups), length of each phase.",
            "How you check what the pupils learned.",
          ],
        ),
      },
      {
        key: "numerique",
        title: text("Usage du numérique", "Use of digital tools"),
        guidance: lines(
          [
            "Outils et ressources numériques utilisés, et pour quoi faire.",
            "Règles respectées : droit d'auteur, données personnelles des élèves, charte d'usage.",
          ],
          [
            "Digital tools and resources used, and what for.",
            "Rules followed: copyright, pupils' personal data, acceptable-use policy.",
          ],
        ),
      },
      {
        key: "bilan",
        title: text("Bilan après la séance", "Review after the session"),
        guidance: lines(
          [
            "Ce qui a fonctionné, les difficultés, ce que vous modifierez.",
            "Ce que cela montre de vos compétences.",
          ],
          ["What worked, the difficulties, what you will change.", "What it shows about your competences."],
        ),
      },
    ],
  },
  {
    key: "ressource",
    name: text("Ressource produite", "Resource produced"),
    description: text(
      "Un document, une production multimédia ou un site que vous avez conçu. Joignez le fichier ou le lien.",
      "A document, a multimedia production or a site you designed. Attach the file or the link.",
    ),
    builtIn: true,
    archived: false,
    sections: [
      {
        key: "description",
        title: text("Description", "Description"),
        guidance: lines(
          ["Nature de la ressource (document, multimédia, site), public visé, objectifs."],
          ["Kind of resource (document, multimedia, site), audience, goals."],
        ),
      },
      {
        key: "conception",
        title: text("Conception", "Design"),
        guidance: lines(
          ["Outils utilisés, sources, droits des contenus réutilisés, accessibilité."],
          ["Tools used, sources, rights of reused content, accessibility."],
        ),
      },
      {
        key: "usage",
        title: text("Usage", "Use"),
        guidance: lines(
          ["Dans quelle situation elle a servi ou servira, avec quels retours."],
          ["Where it was or will be used, and the feedback received."],
        ),
      },
      {
        key: "regard-critique",
        title: text("Regard critique", "Critical review"),
        guidance: lines(
          ["Ses limites et ce que vous amélioreriez."],
          ["Its limits and what you would improve."],
        ),
      },
    ],
  },
  {
    key: "compte-rendu-stage",
    name: text("Compte rendu de stage", "Placement report"),
    description: text(
      "Le bilan d'un stage : lieu, activités, situations marquantes, objectifs pour la suite.",
      "A placement's review: place, activities, notable situations, next goals.",
    ),
    builtIn: true,
    archived: false,
    sections: [
      {
        key: "lieu",
        title: text("Lieu et contexte", "Place and context"),
        guidance: lines(
          ["Lieu, service ou établissement, période, encadrement, public rencontré."],
          ["Place, department or school, period, supervision, people met."],
        ),
      },
      {
        key: "activites",
        title: text("Activités", "Activities"),
        guidance: lines(
          ["Vos activités principales, vos responsabilités, leur volume."],
          ["Your main activities, your responsibilities, their volume."],
        ),
      },
      {
        key: "situations",
        title: text("Situations marquantes", "Notable situations"),
        guidance: linesNamingNoOne(
          [
            "Les situations marquantes et ce que vous en avez appris : elles peuvent devenir des RSCA ou des traces.",
          ],
          ["Notable situations and what you learned from them: they can become RSCAs or traces."],
        ),
      },
      {
        key: "bilan",
        title: text("Bilan et objectifs", "Review and goals"),
        guidance: lines(
          ["Compétences travaillées, points forts, points à améliorer, objectifs pour la suite."],
          ["Competences practised, strengths, areas to improve, next goals."],
        ),
      },
    ],
  },
  {
    key: "note",
    name: text("Note libre", "Free note"),
    description: text(
      "Une idée, une lecture, une question pour votre tuteur.",
      "An idea, a reading, a question for your tutor.",
    ),
    builtIn: true,
    archived: false,
    sections: [
      {
        key: "note",
        title: text("Note", "Note"),
        guidance: linesNamingNoOne(["Écrivez librement."], ["Write freely."]),
      },
    ],
  },
];

export const TRACE_TYPE_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_CUSTOM_SECTIONS = 8;

const optionalText = (max: number): z.ZodType<string | undefined, z.ZodTypeDef, unknown> =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().max(max).optional(),
  );

/** What an administrator fills in to add a type. English texts are optional (French is shown instead). */
export const CustomTraceTypeSchema = z.object({
  nameFr: z.string().trim().min(1).max(120),
  nameEn: optionalText(120),
  descriptionFr: optionalText(500),
  descriptionEn: optionalText(500),
  sections: z
    .array(
      z.object({
        titleFr: z.string().trim().min(1).max(120),
        titleEn: optionalText(120),
        guidanceFr: optionalText(2000),
        guidanceEn: optionalText(2000),
      }),
    )
    .min(1)
    .max(MAX_CUSTOM_SECTIONS),
});
export type CustomTraceTypeInput = z.infer<typeof CustomTraceTypeSchema>;

/** A slug for keys: lower-case ASCII letters and digits separated by single hyphens. */
export function slugify(value: string, fallback: string): string {
  const slug = value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug === "" ? fallback : slug;
}

/** Builds a custom type from an administrator's input; `suffix` keeps keys unique per platform. */
export function customTraceType(input: CustomTraceTypeInput, suffix: string): TraceTypeDefinition {
  const used = new Set<string>();
  const sections = input.sections.map((section, index) => {
    let key = slugify(section.titleFr, `section-${index + 1}`);
    if (used.has(key)) key = `${key}-${index + 1}`;
    used.add(key);
    return {
      key,
      title: { fr: section.titleFr, ...(section.titleEn ? { en: section.titleEn } : {}) },
      guidance: { fr: section.guidanceFr ?? "", ...(section.guidanceEn ? { en: section.guidanceEn } : {}) },
    };
  });
  return {
    key: `${slugify(input.nameFr, "type")}-${suffix}`,
    name: { fr: input.nameFr, ...(input.nameEn ? { en: input.nameEn } : {}) },
    description: {
      fr: input.descriptionFr ?? "",
      ...(input.descriptionEn ? { en: input.descriptionEn } : {}),
    },
    sections,
    builtIn: false,
    archived: false,
  };
}

/** The text in the reader's language, French when there is no translation. */
export function localize(value: LocalizedText, locale: string): string {
  return locale === "en" && value.en ? value.en : value.fr;
}

/** Empty sections for a new trace of this type. */
export function emptySections(type: TraceTypeDefinition): TraceSection[] {
  return type.sections.map((section) => ({
    key: section.key,
    title: section.title,
    body: "",
    progress: "empty" as SectionProgress,
  }));
}

export function findTraceType(
  types: readonly TraceTypeDefinition[],
  key: string,
): TraceTypeDefinition | undefined {
  return types.find((type) => type.key === key);
}
