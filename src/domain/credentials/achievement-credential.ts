// An Open Badges 3.0 OpenBadgeCredential (W3C Verifiable Credentials data model 2.0) for one
// validated competence or one completed framework: the achievement names the competence, its
// framework and version, how it was validated, and the level reached.
export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const OB_SCHEMA =
  "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A JSON object from its text (what JSON.parse gives is JSON by construction). */
export function parseJsonObject(text: string): { [key: string]: Json } {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error("not a JSON object");
  return value as { [key: string]: Json }; // parsed from JSON text, checked to be an object
}

/** Public addresses of what a credential refers to, under Carnet's public URL. */
export class CredentialUrls {
  constructor(private readonly base: string) {}
  credential(id: string): string {
    return `${this.base}/credentials/${id}`;
  }
  issuer(issuerId: string): string {
    return `${this.base}/credentials/issuers/${issuerId}`;
  }
  statusList(issuerId: string): string {
    return `${this.base}/credentials/status/${issuerId}`;
  }
  key(kid: string): string {
    return `${this.base}/credentials/keys/${kid}`;
  }
  achievement(frameworkId: string, code: string | null): string {
    const framework = `${this.base}/credentials/achievements/${frameworkId}`;
    return code === null ? framework : `${framework}/${encodeURIComponent(code)}`;
  }
  verificationApi(credentialId: string): string {
    return `${this.base}/api/credentials/${credentialId}/verification`;
  }
  evidence(credentialId: string, index: number): string {
    return `${this.credential(credentialId)}/evidence/${index + 1}`;
  }
}

export interface IssuerSummary {
  id: string;
  name: string;
  url?: string | undefined;
  description?: string | undefined;
}

export interface AchievementSpec {
  /** null: the whole framework. */
  code: string | null;
  name: string;
  description: string;
  framework: { id: string; key: string; title: string; version: string; sourceUrl?: string | undefined };
  /** How it was validated, in words (channel, who, when, level). */
  criteria: string;
  /** The framework's levels, lowest first, and the one reached; absent for a framework badge. */
  levels?: { code: string; label: string; proficient: boolean }[];
  achievedLevel?: string | undefined;
}

export interface CredentialSpec {
  id: string;
  issuedAt: Date;
  issuer: IssuerSummary;
  /** The learner, by an identifier that says nothing about them outside Carnet. */
  subjectId: string;
  achievement: AchievementSpec;
  evidence: { name: string; narrative: string }[];
  statusIndex: number;
}

/** The level scale as a result description, so a verifier reads which level was reached. */
function resultParts(
  achievementId: string,
  spec: AchievementSpec,
): { resultDescription?: Json[]; result?: Json[] } {
  const levels = spec.levels;
  if (!levels || levels.length === 0 || !spec.achievedLevel) return {};
  const levelId = (code: string): string => `${achievementId}#level-${encodeURIComponent(code)}`;
  const descriptionId = `${achievementId}#levels`;
  const required = levels.find((level) => level.proficient)?.code;
  return {
    resultDescription: [
      {
        id: descriptionId,
        type: ["ResultDescription"],
        name: "Niveau",
        resultType: "RubricCriterionLevel",
        rubricCriterionLevel: levels.map((level) => ({
          id: levelId(level.code),
          type: ["RubricCriterionLevel"],
          name: level.label,
        })),
        ...(required ? { requiredLevel: levelId(required) } : {}),
      },
    ],
    result: [
      { type: ["Result"], resultDescription: descriptionId, achievedLevel: levelId(spec.achievedLevel) },
    ],
  };
}

export function achievementCredential(spec: CredentialSpec, urls: CredentialUrls): { [key: string]: Json } {
  const { achievement } = spec;
  const achievementId = urls.achievement(achievement.framework.id, achievement.code);
  const { resultDescription, result } = resultParts(achievementId, achievement);
  const frameworkName = `${achievement.framework.title} (${achievement.framework.version})`;
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: urls.credential(spec.id),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: {
      id: urls.issuer(spec.issuer.id),
      type: ["Profile"],
      name: spec.issuer.name,
      ...(spec.issuer.url ? { url: spec.issuer.url } : {}),
      ...(spec.issuer.description ? { description: spec.issuer.description } : {}),
    },
    validFrom: spec.issuedAt.toISOString(),
    name: achievement.name,
    credentialSubject: {
      id: spec.subjectId,
      type: ["AchievementSubject"],
      achievement: {
        id: achievementId,
        type: ["Achievement"],
        achievementType: "Competency",
        name: achievement.name,
        description: achievement.description,
        criteria: { narrative: achievement.criteria },
        ...(achievement.code !== null ? { humanCode: achievement.code } : {}),
        inLanguage: "fr",
        version: achievement.framework.version,
        alignment: [
          {
            type: ["Alignment"],
            targetName:
              achievement.code !== null ? `${achievement.code} — ${achievement.name}` : frameworkName,
            targetUrl: achievement.framework.sourceUrl ?? achievementId,
            targetFramework: frameworkName,
            ...(achievement.code !== null ? { targetCode: achievement.code } : {}),
            targetType: "ext:CarnetCompetence",
          },
        ],
        ...(resultDescription ? { resultDescription } : {}),
      },
      ...(result ? { result } : {}),
    },
    ...(spec.evidence.length > 0
      ? {
          evidence: spec.evidence.map((evidence, index) => ({
            id: urls.evidence(spec.id, index),
            type: ["Evidence"],
            name: evidence.name,
            narrative: evidence.narrative,
          })),
        }
      : {}),
    credentialStatus: {
      id: `${urls.statusList(spec.issuer.id)}#${spec.statusIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(spec.statusIndex),
      statusListCredential: urls.statusList(spec.issuer.id),
    },
    credentialSchema: [{ id: OB_SCHEMA, type: "1EdTechJsonSchemaValidator2019" }],
  };
}

/** The claims OB 3.0 §8.2 adds to the credential in a VC-JWT payload. */
export function jwtClaims(credential: { [key: string]: Json }): { [key: string]: Json } {
  const issuer = credential["issuer"];
  const subject = credential["credentialSubject"];
  const issuerId =
    typeof issuer === "object" && issuer !== null && !Array.isArray(issuer) ? issuer["id"] : issuer;
  const subjectId =
    typeof subject === "object" && subject !== null && !Array.isArray(subject) ? subject["id"] : undefined;
  const validFrom = credential["validFrom"];
  return {
    ...credential,
    iss: issuerId ?? null,
    jti: credential["id"] ?? null,
    sub: subjectId ?? null,
    nbf: typeof validFrom === "string" ? Math.floor(new Date(validFrom).getTime() / 1000) : null,
  };
}
