/**
 * Simulated LTI 1.3 platform (Moodle 5.1-like) for Carnet's integration, end-to-end tests and benchmarks.
 *
 * ```ts
 * const lms = await SimulatedLms.start();
 * const tool = lms.registerTool({ toolBaseUrl: "http://127.0.0.1:3000" });
 * const result = await lms.launch(new Browser(), { tool, user: { sub: "5", name: "Léa Martin" }, roles: ["Learner"] });
 * ```
 */
export { SimulatedLms } from "./simulated-lms.js";
export type { CreateLineItemInput, SimulatedLmsOptions, SimulatedLmsState } from "./simulated-lms.js";
export { Browser } from "./browser.js";
export type { BrowserOptions, BrowserResponse, FormBody, RequestOptions, UploadedFile } from "./browser.js";
export { CookieJar } from "./cookie-jar.js";
export type { Cookie, CookieJarOptions } from "./cookie-jar.js";
export {
  decodeEntities,
  escapeHtml,
  findLinks,
  pageTitle,
  parseAttributes,
  parseAutoSubmitForm,
  parseForms,
} from "./html-form.js";
export type { AutoSubmitForm, FormField, HtmlForm, HtmlLink } from "./html-form.js";
export { LaunchFlowError } from "./launches.js";
export type { LaunchResult } from "./launches.js";
export { decodeJwt, generateSigningKey, signRs256, verifyRs256Signature } from "./jwt-keys.js";
export type { DecodedJwt, Jwks, JwtHeader, JwtPayload, PublicJwk, SigningKey } from "./jwt-keys.js";
export { seededRandom } from "./failure-injection.js";
export type { FailOptions, FailureRateOptions, InjectableStatus, PathOption } from "./failure-injection.js";
export { AGS_SCOPES, ALL_SERVICE_SCOPES, CLAIM, MEDIA_TYPE, SCOPE, toRoleUris } from "./lti-vocabulary.js";
export { DEFAULT_COURSE, DEFAULT_RESOURCE_LINK_TITLE } from "./courses.js";
export type { NrpsMember } from "./courses.js";
export * from "./types.js";
