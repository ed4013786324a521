// Where Carnet's files are, whether it runs from its TypeScript sources (tsx) or compiled (dist/).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "views"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Carnet's project folder was not found above ${start}`);
    dir = parent;
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

export const paths = {
  views: path.join(projectRoot, "views"),
  public: path.join(projectRoot, "public"),
  locales: path.join(projectRoot, "src", "i18n", "locales"),
  frameworks: path.join(projectRoot, "data", "frameworks"),
  ltiConfig: path.join(projectRoot, "lti-config"),
  embeddedMongo: path.join(projectRoot, "scripts", "embedded-mongo"),
  cache: path.join(projectRoot, ".cache"),
} as const;
