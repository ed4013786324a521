// The invitation's rules that need no database: its link's lifetime, its state, the programme's form.
import { expect } from "chai";
import type { AccessLink } from "../../../src/domain/dossier/access-links.js";
import { evaluationFormByKey, evaluationFormFor } from "../../../src/domain/placements/evaluation-forms.js";
import { endsInThePast, invitationState, linkValidUntil } from "../../../src/domain/placements/invitation.js";

function link(overrides: Partial<AccessLink> = {}): AccessLink {
  return {
    id: "l1",
    kind: "placement",
    parentId: "i1",
    platformId: "p",
    deploymentId: "d",
    contextId: "c",
    holder: { name: "Dr Anne Martin", email: "anne@example.org" },
    validFrom: new Date("2026-12-01T00:00:00Z"),
    validUntil: new Date("2026-12-31T00:00:00Z"),
    createdBy: "lea",
    createdAt: new Date("2026-12-01T00:00:00Z"),
    ...overrides,
  };
}

describe("placement invitations", () => {
  it("keeps the link working 14 days after the placement's last day, to its end", () => {
    expect(linkValidUntil(new Date("2026-12-20T00:00:00Z")).toISOString()).to.equal(
      "2027-01-03T23:59:59.000Z",
    );
  });

  it("refuses a placement whose last day is over, not one ending today", () => {
    const endsOn = new Date("2026-12-20T00:00:00Z");
    expect(endsInThePast(endsOn, new Date("2026-12-20T18:00:00Z"))).to.equal(false);
    expect(endsInThePast(endsOn, new Date("2026-12-21T00:00:00Z"))).to.equal(true);
  });

  it("tells not opened, opened, revoked and expired apart", () => {
    const now = new Date("2026-12-10T00:00:00Z");
    expect(invitationState(link(), now)).to.equal("not_opened");
    expect(invitationState(link({ claim: { hash: "h", at: now } }), now)).to.equal("opened");
    expect(invitationState(link({ claim: { hash: "h", at: now }, revokedAt: now }), now)).to.equal("revoked");
    expect(invitationState(link({ validUntil: new Date("2026-12-09T00:00:00Z") }), now)).to.equal("expired");
    expect(invitationState(null, now)).to.equal("revoked");
  });

  it("gives general medicine and C2i2e their own evaluation form, others the general one", () => {
    expect(evaluationFormFor("medecine-generale").criteria.map((c) => c.code)).to.include("first_contact");
    expect(evaluationFormFor("c2i2e").criteria.map((c) => c.code)).to.include("teaching");
    expect(evaluationFormFor("crcn").key).to.equal("general");
    expect(evaluationFormFor(null).key).to.equal("general");
    expect(evaluationFormByKey("c2i2e").key).to.equal("c2i2e");
  });
});
