// The frameworks a platform can use: the ones Carnet ships (shared by all platforms) and those its
// admins and teachers imported. Each version is its own record; nothing rewrites an old version.
import type { CourseScope } from "../course.js";
import type { FrameworkDefinition } from "./framework.js";

export interface StoredFramework {
  /** Id of this version; evidence, self-assessments and validations point to it. */
  id: string;
  key: string;
  version: string;
  definition: FrameworkDefinition;
  /** null for frameworks shipped with Carnet, visible to every platform. */
  platformId: string | null;
  shipped: boolean;
  status: "active" | "archived";
  importedAt: Date;
}

export interface PlacementRef extends CourseScope {
  resourceLinkId: string | null;
}

export interface FrameworkCatalog {
  byId(platformId: string, id: string): Promise<StoredFramework | null>;
  list(platformId: string): Promise<StoredFramework[]>;
  /** The framework of the placement (deep link), else the course's default, else null. */
  forPlacement(ref: PlacementRef): Promise<StoredFramework | null>;
  /**
   * The frameworks of one course: its default and those of its placements (archived ones included:
   * they stay readable where they are in use). Learners and formateurs see these, never the
   * platform's whole catalog.
   */
  forCourse(ref: CourseScope): Promise<StoredFramework[]>;
}
