// The invitations' repository on the real MongoDB-wire server: scoped to its platform, a learner's
// invitations newest first, and the comment list bounded by the update's own filter.
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import type { PlacementInvitation } from "../../../src/domain/placements/invitation.js";
import { placementModels } from "../../../src/persistence/models/placement-models.js";
import { PlacementInvitationRepository } from "../../../src/persistence/placement-invitations.js";
import { getTestEnvironment } from "../../support/environment.js";

function buildInvitation(overrides: Partial<PlacementInvitation> = {}): PlacementInvitation {
  return {
    id: randomUUID(),
    platformId: "p-placements",
    deploymentId: "d",
    contextId: "c",
    learnerId: `lea-${randomUUID()}`,
    supervisor: { name: "Dr Anne Martin", email: "anne@example.org" },
    placement: "Stage SASPAS",
    startsOn: new Date("2026-11-16T00:00:00Z"),
    endsOn: new Date("2026-12-20T00:00:00Z"),
    frameworkId: null,
    competenceCodes: [],
    traceIds: [],
    linkId: randomUUID(),
    createdBy: "lea",
    createdAt: new Date("2026-12-01T00:00:00Z"),
    evaluation: null,
    comments: [],
    mail: { pending: false, sentAt: null },
    ...overrides,
  };
}

describe("PlacementInvitationRepository", () => {
  let store: PlacementInvitationRepository;
  before(async () => {
    store = new PlacementInvitationRepository(placementModels((await getTestEnvironment()).mongo.carnet));
  });

  it("reads an invitation only on its own platform", async () => {
    const invitation = buildInvitation();
    await store.insert(invitation);
    expect((await store.byId("p-placements", invitation.id))?.placement).to.equal("Stage SASPAS");
    expect(await store.byId("another-platform", invitation.id)).to.equal(null);
  });

  it("lists a learner's invitations of one course, newest first", async () => {
    const learnerId = `lea-${randomUUID()}`;
    await store.insert(buildInvitation({ learnerId, contextId: "another-course" }));
    const older = buildInvitation({ learnerId, createdAt: new Date("2026-11-01T00:00:00Z") });
    const newer = buildInvitation({ learnerId, createdAt: new Date("2026-12-01T00:00:00Z") });
    await store.insert(older);
    await store.insert(newer);
    expect(
      (
        await store.forLearner({ platformId: "p-placements", deploymentId: "d", contextId: "c" }, learnerId)
      ).map((i) => i.id),
    ).to.deep.equal([newer.id, older.id]);
  });

  it("stops appending comments at the bound", async () => {
    const invitation = buildInvitation();
    await store.insert(invitation);
    const at = new Date("2026-12-02T00:00:00Z");
    expect(await store.addComment("p-placements", invitation.id, { body: "un", at }, 2)).to.equal(true);
    expect(await store.addComment("p-placements", invitation.id, { body: "deux", at }, 2)).to.equal(true);
    expect(await store.addComment("p-placements", invitation.id, { body: "trois", at }, 2)).to.equal(false);
    const stored = await store.byId("p-placements", invitation.id);
    expect(stored?.comments.map((c) => c.body)).to.deep.equal(["un", "deux"]);
  });
});
