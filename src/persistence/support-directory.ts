// Who surrounds a learner, for the support space: the support persons their programmes designate (each
// course's setting) and who evaluates them (tutors, the courses' formateurs and référents).
import { randomUUID } from "node:crypto";
import type { Model } from "mongoose";
import type { Clock } from "../clock.js";
import type { CourseScope } from "../domain/course.js";
import type { SupportDirectory } from "../domain/support/circle.js";
import type { LtiModels, MembershipDoc } from "./models/lti-models.js";
import type { SupportSettingsDoc } from "./models/support-models.js";

const CANDIDATES_SHOWN = 300;

/** A programme's designated support persons (course setting). */
export class SupportSettingsRepository {
  constructor(
    private readonly Settings: Model<SupportSettingsDoc>,
    private readonly Membership: LtiModels["Membership"],
    private readonly clock: Clock,
  ) {}

  /** Who may be designated: people who teach, mentor or administer some course of the platform. */
  async candidates(platformId: string): Promise<string[]> {
    const memberships = await this.Membership.find(
      { platformId, roles: { $in: ["teacher", "mentor", "admin"] }, status: { $ne: "Deleted" } },
      { userId: 1 },
    )
      .limit(CANDIDATES_SHOWN * 4)
      .lean<Pick<MembershipDoc, "userId">[]>();
    return [...new Set(memberships.map((membership) => membership.userId))].slice(0, CANDIDATES_SHOWN);
  }

  /** The courses whose designated support persons include this person. */
  async coursesDesignating(platformId: string, userId: string): Promise<CourseScope[]> {
    const docs = await this.Settings.find({ platformId, supportPersonIds: userId }).lean<
      SupportSettingsDoc[]
    >();
    return docs.map(({ deploymentId, contextId }) => ({ platformId, deploymentId, contextId }));
  }

  async supportPersons(scope: CourseScope): Promise<string[]> {
    const doc = await this.Settings.findOne(scope).lean<SupportSettingsDoc>();
    return doc?.supportPersonIds ?? [];
  }

  async saveSupportPersons(scope: CourseScope, personIds: readonly string[], userId: string): Promise<void> {
    await this.Settings.updateOne(
      scope,
      {
        $set: { supportPersonIds: [...new Set(personIds)], updatedAt: this.clock.now(), updatedBy: userId },
        $setOnInsert: { _id: randomUUID() },
      },
      { upsert: true },
    );
  }
}

export interface SupportDirectorySources {
  people: {
    coursesOf(platformId: string, userId: string, roles: readonly string[]): Promise<CourseScope[]>;
    members(scope: CourseScope, role?: string): Promise<{ id: string }[]>;
  };
  /** The learner's tutors who validate (never peer tutors). */
  tutoring: { tutorsOf(platformId: string, learnerId: string): Promise<string[]> };
  rules: { get(scope: CourseScope): Promise<{ referentUserId?: string }> };
  settings: Pick<SupportSettingsRepository, "supportPersons" | "coursesDesignating">;
}

const CIRCLE_LEARNERS = 500;

export class SupportDirectoryRepository implements SupportDirectory {
  constructor(private readonly sources: SupportDirectorySources) {}

  async designatedFor(platformId: string, learnerId: string): Promise<string[]> {
    const courses = await this.sources.people.coursesOf(platformId, learnerId, ["learner"]);
    const lists = await Promise.all(courses.map((course) => this.sources.settings.supportPersons(course)));
    return [...new Set(lists.flat())];
  }

  async evaluatorsOf(platformId: string, learnerId: string): Promise<Set<string>> {
    const { people, tutoring, rules } = this.sources;
    const courses = await people.coursesOf(platformId, learnerId, ["learner"]);
    const evaluators = new Set(await tutoring.tutorsOf(platformId, learnerId));
    for (const course of courses) {
      const [teachers, admins, courseRules] = await Promise.all([
        people.members(course, "teacher"),
        people.members(course, "admin"),
        rules.get(course),
      ]);
      for (const member of [...teachers, ...admins]) evaluators.add(member.id);
      if (courseRules.referentUserId) evaluators.add(courseRules.referentUserId);
    }
    evaluators.delete(learnerId);
    return evaluators;
  }

  async learnersInCircleOf(platformId: string, userId: string): Promise<string[]> {
    const courses = await this.sources.settings.coursesDesignating(platformId, userId);
    const learners = new Set<string>();
    for (const course of courses)
      for (const member of await this.sources.people.members(course, "learner")) learners.add(member.id);
    const inCircle: string[] = [];
    for (const learnerId of [...learners].slice(0, CIRCLE_LEARNERS))
      if (learnerId !== userId && !(await this.evaluatorsOf(platformId, learnerId)).has(userId))
        inCircle.push(learnerId);
    return inCircle;
  }
}
