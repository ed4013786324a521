// What the frameworks routes use: the catalog, the import drafts and the course's settings.
import type { CourseSettingsRepository } from "../../../persistence/course-settings.js";
import type { FrameworkDraftRepository } from "../../../persistence/framework-drafts.js";
import type { FrameworkRepository } from "../../../persistence/framework-repository.js";
import type { UploadRoutes } from "../../uploads.js";

export interface FrameworkRoutesDeps {
  uploads: UploadRoutes;
  /** Carnet's public URL: CASE identifiers of frameworks made here resolve under it. */
  baseUri: string;
  frameworks: FrameworkRepository;
  drafts: FrameworkDraftRepository;
  courseSettings: Pick<CourseSettingsRepository, "get" | "update">;
}
