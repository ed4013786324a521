// An import's dry run in words: each row (who becomes whose tutor, in which group, new or unchanged) and
// each problem with its line, so the file can be corrected where it is wrong.
import type { ImportPlan } from "../../domain/tutoring/csv-import.js";
import type { PresenterView } from "../validation-links.js";

export function presentImportPlan(plan: ImportPlan, { t }: PresenterView): Record<string, unknown> {
  const roleWord = (role: unknown): string =>
    t(`tutoring:import.roles.${role === "tutor" ? "tutor" : "learner"}`);
  return {
    rows: plan.rows.map((row) => ({
      line: row.line,
      tutor: row.tutor.name,
      learner: row.learner.name,
      kind: t(`tutoring:kinds.${row.kind}`),
      group: row.group ?? "",
      outcome: t(`tutoring:import.outcomes.${row.outcome}`),
      isNew: row.outcome === "new",
    })),
    problems: plan.problems.map((problem) => ({
      line: problem.line,
      text: t(`tutoring:import.problems.${problem.code}`, {
        ...problem.params,
        role: roleWord(problem.params.role),
      }),
      where: problem.line > 0 ? t("tutoring:import.line", { line: problem.line }) : t("tutoring:import.file"),
    })),
    newGroups: plan.newGroups,
    canApply: plan.problems.length === 0 && plan.rows.length > 0,
    counts: {
      rows: plan.rows.length,
      new: plan.rows.filter((row) => row.outcome === "new").length,
      problems: plan.problems.length,
    },
  };
}
