// Helpers for the support space's tests: the people around a learner (a formateur of the course, a
// support person teaching another course, a formateur of another course), launched through the
// simulated LMS, and the programme's designated support persons set through the area's service.
import type { Actor } from "../../src/domain/actor.js";
import type { LtiFixture } from "./lti-fixture.js";
import type { Session } from "./portfolio.js";
import {
  actorOf,
  launch,
  learner,
  ROLE,
  setupCourse,
  trainer,
  unique,
  type TestCourse,
} from "./validation.js";

export interface SupportScene {
  course: TestCourse;
  /** The course where the support person teaches (the programme's coordination course). */
  programme: TestCourse;
  other: TestCourse;
  lea: Session;
  fanny: Session;
  sam: Session;
  bob: Session;
  actors: { lea: Actor; fanny: Actor; sam: Actor; bob: Actor };
  ids: { lea: string; fanny: string; sam: string; bob: string };
}

/**
 * Léa learns in the course, Fanny teaches it (she evaluates Léa), Sam teaches the programme's other
 * course and is designated for support, Bob teaches a third course. Fanny is designated too: as an
 * evaluator of Léa she must never be offered to her.
 */
export async function supportScene(fixture: LtiFixture): Promise<SupportScene> {
  const [course, programme, other] = [
    await setupCourse(fixture, { leaves: 2 }),
    await setupCourse(fixture, { leaves: 2 }),
    await setupCourse(fixture, { leaves: 2 }),
  ];
  const lea = await learner(fixture, course, "Léa Stagiaire", unique("lea"));
  const fanny = await trainer(fixture, course, "Fanny Formatrice", unique("fanny"));
  const sam = await launch(fixture, {
    sub: unique("sam"),
    name: "Sam Soutien",
    email: `${unique("sam")}@example.test`,
    roles: [ROLE.instructor],
    context: programme.context,
  });
  const bob = await trainer(fixture, other, "Bob Autre", unique("bob"));
  const actors = {
    lea: await actorOf(fixture, lea, course, ["learner"]),
    fanny: await actorOf(fixture, fanny, course, ["teacher"]),
    sam: await actorOf(fixture, sam, programme, ["teacher"]),
    bob: await actorOf(fixture, bob, other, ["teacher"]),
  };
  const ids = {
    lea: actors.lea.userId,
    fanny: actors.fanny.userId,
    sam: actors.sam.userId,
    bob: actors.bob.userId,
  };
  await fixture.carnet.services.support.programme.save(course.scope, [ids.sam, ids.fanny], ids.fanny);
  return { course, programme, other, lea, fanny, sam, bob, actors, ids };
}
