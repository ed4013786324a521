// Maps LTI role URIs (full or short) to Carnet's coarse roles. Finer roles (who tutors whom, who may
// validate what) are Carnet's own data: Moodle sends non-editing teachers as Instructor too.
// "admin" (Carnet's administration: registrations, trace types, grade delivery) comes only from an
// institution or system administrator role; the context role membership#Administrator administers one
// course, so it teaches there and no more.
import { CARNET_ROLES, type CarnetRole } from "../domain/actor.js";

export { CARNET_ROLES, type CarnetRole };

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
const MEMBERSHIP_SUB = "http://purl.imsglobal.org/vocab/lis/v2/membership/";
const INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
const SYSTEM = "http://purl.imsglobal.org/vocab/lis/v2/system/person#";

const MEMBERSHIP_ROLE_TO_CARNET: Record<string, CarnetRole> = {
  Learner: "learner",
  Instructor: "teacher",
  TeachingAssistant: "teacher",
  ContentDeveloper: "teacher",
  Mentor: "mentor",
  Administrator: "teacher",
};

/** Normalises one role to its membership short name or "admin:<scope>", or undefined when unknown. */
function classify(role: string): CarnetRole | undefined {
  const trimmed = role.trim();
  if (trimmed === "") return undefined;
  if (
    trimmed === `${INSTITUTION}Administrator` ||
    trimmed === `${SYSTEM}Administrator` ||
    trimmed === "urn:lti:sysrole:ims/lis/Administrator" ||
    trimmed === "urn:lti:instrole:ims/lis/Administrator" ||
    trimmed === "http://purl.imsglobal.org/vocab/lis/v2/person#Administrator"
  ) {
    return "admin";
  }
  if (trimmed.startsWith(MEMBERSHIP)) return MEMBERSHIP_ROLE_TO_CARNET[trimmed.slice(MEMBERSHIP.length)];
  // Sub-roles such as membership/Instructor#TeachingAssistant belong to their principal role.
  if (trimmed.startsWith(MEMBERSHIP_SUB)) {
    const principal = trimmed.slice(MEMBERSHIP_SUB.length).split("#")[0] ?? "";
    return MEMBERSHIP_ROLE_TO_CARNET[principal];
  }
  // Short forms ("Learner", "Instructor") are sent by NRPS and by some platforms in launches.
  if (!trimmed.includes("/") && !trimmed.includes(":")) return MEMBERSHIP_ROLE_TO_CARNET[trimmed];
  return undefined;
}

/**
 * The Carnet roles a set of LTI roles grants. Unknown roles and empty lists grant the learner's view
 * of one's own portfolio, which exposes nothing of anyone else (certification requires accepting them).
 */
export function carnetRolesFrom(ltiRoles: readonly string[]): CarnetRole[] {
  const roles = new Set<CarnetRole>();
  for (const role of ltiRoles) {
    const mapped = classify(role);
    if (mapped) roles.add(mapped);
  }
  if (roles.size === 0) roles.add("learner");
  return CARNET_ROLES.filter((role) => roles.has(role));
}

export function isTeachingRole(roles: readonly CarnetRole[]): boolean {
  return roles.includes("teacher") || roles.includes("admin");
}
