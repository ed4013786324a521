// Where a launch lands: the page the teacher chose for the placement at deep linking ("this link
// opens…"), read back from the custom parameters the LMS sends on every launch of that link.

export interface LandingFacts {
  messageType: string;
  roles: readonly string[];
  /** True when the launch has a course: outside one, nobody teaches and every target is the home. */
  inCourse: boolean;
  /** The `view` custom parameter as the LMS sent it (untrusted text). */
  view: string | undefined;
}

/**
 * The path under `/l/<launchId>/`, empty for the home. Who teaches here (as the home decides) lands on
 * the traces waiting for their review (portfolio) or the validation queue (assessment); anyone else on
 * their traces or their competences. The workspace is the home, which is the trainers' workspace for
 * who teaches. A view Carnet does not know lands on the home.
 */
export function landingPath(facts: LandingFacts): string {
  if (facts.messageType === "LtiDeepLinkingRequest") return "deep-linking";
  const teaches = facts.inCourse && (facts.roles.includes("teacher") || facts.roles.includes("admin"));
  switch (facts.view) {
    case "portfolio":
      return teaches ? "traces/review" : "traces";
    case "assessment":
      return teaches ? "validation/queue" : "competences";
    default:
      return "";
  }
}
