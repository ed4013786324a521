import { expect } from "chai";
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { statusBit } from "../../../src/domain/credentials/status-list.js";
import { achievementCredentialValidator } from "../../support/json-schema.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace } from "../../support/portfolio.js";
import {
  actorOf,
  learner,
  mainText,
  setupCourse,
  text,
  trainer,
  type TestCourse,
} from "../../support/validation.js";
import { parseForms, type BrowserResponse } from "../../support/sim-lms/index.js";

/** A key set as published at /credentials/keys: an object with a list of keys. */
function keySet(page: BrowserResponse): JSONWebKeySet {
  const value: unknown = JSON.parse(page.text);
  const keys: unknown =
    typeof value === "object" && value !== null && "keys" in value ? value.keys : undefined;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === "object" && key !== null))
    throw new Error("not a JWKS");
  return { keys };
}

function member(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null
    ? Object.entries(value).find(([key]) => key === name)?.[1]
    : undefined;
}

interface StoredRow {
  id: string;
  jwt: string;
  issuerId: string;
  statusIndex: number;
}

function jsonOf(page: BrowserResponse): Record<string, unknown> {
  const value: unknown = JSON.parse(page.text);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error("not a JSON object");
  return Object.fromEntries(Object.entries(value));
}

/** The same JWS with one field of its payload changed and the signature kept. */
function tampered(jwt: string, change: (payload: Record<string, unknown>) => void): string {
  const [header = "", payload = "", signature = ""] = jwt.split(".");
  const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  change(decoded);
  return [header, Buffer.from(JSON.stringify(decoded)).toString("base64url"), signature].join(".");
}

describe("Open Badges 3.0 credentials for validated competences", () => {
  /** The learner's credentials as stored (read straight from the database). */
  async function storedFor(learnerId: string): Promise<StoredRow> {
    const [row] = await fixture.carnet.services.models.User.db
      .collection("credentials")
      .find({ learnerId })
      .toArray();
    if (!row) throw new Error(`no credential for ${learnerId}`);
    return {
      id: String(row["_id"]),
      jwt: String(row["jwt"]),
      issuerId: String(row["issuerId"]),
      statusIndex: Number(row["statusIndex"]),
    };
  }

  let fixture: LtiFixture;
  let course: TestCourse;
  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 3 });
  });
  after(async () => {
    await fixture.close();
  });

  async function validate(code: string, learnerId: string, action: "observe" | "withdraw"): Promise<void> {
    const fanny = await trainer(fixture, course);
    const actor = await actorOf(fixture, fanny, course, ["teacher"]);
    await fixture.carnet.services.validation.service.perform(
      actor,
      { scope: course.scope, learnerId, frameworkId: course.frameworkId, code },
      action === "observe"
        ? { action, channel: "observation", level: "competent", comment: "Séance observée en classe" }
        : { action, channel: "online", comment: "Validation donnée trop tôt" },
    );
  }

  async function claim(
    session: Awaited<ReturnType<typeof learner>>,
    code: string,
    traceIds: string[] = [],
  ): Promise<BrowserResponse> {
    const page = await session.browser.get(`${session.base}/credentials`);
    const form = parseForms(page.text).find((candidate) => candidate.fields["code"] === code);
    if (!form) throw new Error(`no claim form for ${code}: ${text(page).slice(0, 400)}`);
    return session.browser.post(`${session.base}/credentials/claim`, [
      ...Object.entries(form.fields).filter(([name]) => name !== "traceIds"),
      ...traceIds.map((id): [string, string] => ["traceIds", id]),
    ]);
  }

  it("issues a credential that verifies with jose against the published key and fits the OB 3.0 schema", async () => {
    const lea = await learner(fixture, course);
    const leaId = await lea.userId();
    const before = await lea.browser.get(`${lea.base}/credentials`);
    expect(mainText(before)).to.contain("Aucune compétence validée pour l'instant");
    const { id: traceId } = await createTrace(lea, "note", {
      title: "Séance tableur en 4e",
      body_note: "Déroulé **détaillé**.",
    });
    await validate("C01", leaId, "observe");

    const issued = await claim(lea, "C01", [traceId]);
    expect(issued.status).to.equal(200);
    expect(mainText(issued)).to.contain("Badge « Compétence 1 » délivré.");
    const { id, jwt, issuerId } = await storedFor(leaId);

    // Anyone verifies it with the issuer's published key set, as OB 3.0 §8.2 describes.
    const jwks = keySet(await lea.browser.get(`${fixture.carnet.baseUrl}/credentials/keys`));
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks));
    expect(protectedHeader).to.include({ alg: "RS256", typ: "JWT" });
    const kid = decodeProtectedHeader(jwt).kid ?? "";
    expect(jsonOf(await lea.browser.get(kid))).to.include({ kid, kty: "RSA" });
    expect(payload).to.include({ iss: `${fixture.carnet.baseUrl}/credentials/issuers/${issuerId}` });
    expect(payload.jti).to.equal(`${fixture.carnet.baseUrl}/credentials/${id}`);

    const credential = jsonOf(await lea.browser.get(`${fixture.carnet.baseUrl}/credentials/${id}.json`));
    expect(achievementCredentialValidator()(credential)).to.deep.equal([]);
    expect(credential).to.have.nested.property("credentialSubject.achievement.humanCode", "C01");
    expect(credential).to.have.nested.property("credentialSubject.achievement.name", "Compétence 1");
    expect(credential).to.have.nested.property("credentialSubject.achievement.version", "1");
    expect(credential)
      .to.have.nested.property("credentialSubject.achievement.criteria.narrative")
      .that.contains("par observation en situation");
    expect(credential).to.have.nested.property("credentialSubject.result").that.has.length(1);
    expect(credential["evidence"]).to.have.length(1);

    const page = await lea.browser.get(`${fixture.carnet.baseUrl}/credentials/${id}`);
    expect(page.status).to.equal(200);
    expect(text(page)).to.contain("Badge authentique et en vigueur");
    const evidence = await lea.browser.get(`${fixture.carnet.baseUrl}/credentials/${id}/evidence/1`);
    expect(evidence.text).to.contain("<strong>détaillé</strong>");
    const api = jsonOf(await lea.browser.get(`${fixture.carnet.baseUrl}/api/credentials/${id}/verification`));
    expect(api).to.include({ valid: true, outcome: "VALID" });

    // Claiming again gives the same credential, and the files download.
    const download = await lea.browser.get(`${lea.base}/credentials/${id}/download.jwt`);
    expect(download.text).to.equal(jwt);
  });

  it("fails verification after tampering, and after the validation is withdrawn (status list)", async () => {
    const leo = await learner(fixture, course, "Léo Stagiaire");
    const leoId = await leo.userId();
    await validate("C02", leoId, "observe");
    await claim(leo, "C02");
    const { id, jwt, issuerId, statusIndex: index } = await storedFor(leoId);
    const verifyUrl = `${fixture.carnet.baseUrl}/api/credentials/verify`;

    const forged = tampered(jwt, (payload) => {
      payload["name"] = "Compétence 3";
    });
    const jwks = keySet(await leo.browser.get(`${fixture.carnet.baseUrl}/credentials/keys`));
    let joseRefused = false;
    await compactVerify(forged, createLocalJWKSet(jwks)).catch(() => {
      joseRefused = true;
    });
    expect(joseRefused).to.equal(true);
    expect(jsonOf(await leo.browser.postJson(verifyUrl, { jwt: forged }))).to.include({
      valid: false,
      outcome: "TAMPERED",
    });
    expect(jsonOf(await leo.browser.postJson(verifyUrl, { jwt }))).to.include({
      valid: true,
      outcome: "VALID",
    });

    await validate("C02", leoId, "withdraw");
    const revoked = jsonOf(await leo.browser.postJson(verifyUrl, { jwt }));
    expect(revoked).to.include({ valid: false, outcome: "REVOKED" });
    expect(text(await leo.browser.get(`${fixture.carnet.baseUrl}/credentials/${id}`))).to.contain(
      "Le badge a été révoqué",
    );

    // The status list itself, signed, says so at the credential's index.
    const list = await leo.browser.get(`${fixture.carnet.baseUrl}/credentials/status/${issuerId}`);
    const { payload } = await jwtVerify(list.text, createLocalJWKSet(jwks));
    expect(payload).to.have.nested.property("credentialSubject.encodedList").that.is.a("string");
    const encoded = String(member(payload["credentialSubject"], "encodedList"));
    expect(statusBit(encoded, index)).to.equal(true);
    expect(statusBit(encoded, index + 1)).to.equal(false);
    const page = await leo.browser.get(`${leo.base}/credentials`);
    expect(mainText(page)).to.not.contain("Obtenir le badge");
  });

  it("keeps credentials verifiable across a key rotation, until their key is retired", async () => {
    const mia = await learner(fixture, course, "Mia Stagiaire");
    const miaId = await mia.userId();
    await validate("C03", miaId, "observe");
    await claim(mia, "C03");
    const { jwt } = await storedFor(miaId);
    const keys = fixture.carnet.services.credentials.keys;
    const oldKid = (await keys.list()).find((key) => key.status === "active")?.kid ?? "";
    await keys.rotate();
    const verifyUrl = `${fixture.carnet.baseUrl}/api/credentials/verify`;
    expect(jsonOf(await mia.browser.postJson(verifyUrl, { jwt }))).to.include({ outcome: "VALID" });
    expect(
      keySet(await mia.browser.get(`${fixture.carnet.baseUrl}/credentials/keys`)).keys.length,
    ).to.be.greaterThan(1);
    expect(await keys.retire(oldKid)).to.equal(true);
    expect(jsonOf(await mia.browser.postJson(verifyUrl, { jwt }))).to.include({
      valid: false,
      outcome: "UNKNOWN_KEY",
    });
  });

  it("keeps each learner's credentials their own, and lets who teaches set the issuer and the offer", async () => {
    const lea = await learner(fixture, course, "Zoé Stagiaire");
    const zoeId = await lea.userId();
    await validate("C01", zoeId, "observe");
    const fanny = await trainer(fixture, course);
    expect((await fanny.browser.get(`${fanny.base}/credentials`)).status).to.equal(403);
    const settings = await fanny.browser.get(`${fanny.base}/credentials/settings`);
    expect(settings.status).to.equal(200);
    const form = parseForms(settings.text).find((candidate) =>
      candidate.action.endsWith("/credentials/settings"),
    );
    const refused = await fanny.browser.post(`${fanny.base}/credentials/settings`, {
      ...form?.fields,
      url: "pas une adresse",
    });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain('value="pas une adresse"');
    const saved = await fanny.browser.post(`${fanny.base}/credentials/settings`, {
      ...form?.fields,
      name: "Master MEEF — INSPE de Lyon",
      url: "https://inspe.example.fr",
      policy: "none",
    });
    expect(mainText(saved)).to.contain("Réglages des badges enregistrés.");
    const page = await lea.browser.get(`${lea.base}/credentials`);
    expect(mainText(page)).to.contain("Ce programme ne délivre pas de badges.");
    const blocked = await lea.browser.post(`${lea.base}/credentials/claim`, {
      _csrf: parseForms(page.text)[0]?.fields["_csrf"] ?? "",
      frameworkId: course.frameworkId,
      code: "C01",
    });
    expect(blocked.status).to.equal(404);
    // Someone else's credential cannot be downloaded from a launch.
    const [other] = await fixture.carnet.services.models.User.db
      .collection("credentials")
      .find({ learnerId: { $ne: zoeId } })
      .toArray();
    expect(
      (await lea.browser.get(`${lea.base}/credentials/${String(other?.["_id"])}/download.json`)).status,
    ).to.equal(404);
  });

  it("offers a badge for the whole framework once every competence is validated, revoked when one is withdrawn", async () => {
    const programme = await setupCourse(fixture, { leaves: 2 });
    const fanny = await trainer(fixture, programme);
    const teacher = await actorOf(fixture, fanny, programme, ["teacher"]);
    const settings = await fanny.browser.get(`${fanny.base}/credentials/settings`);
    const form = parseForms(settings.text).find((candidate) =>
      candidate.action.endsWith("/credentials/settings"),
    );
    await fanny.browser.post(`${fanny.base}/credentials/settings`, { ...form?.fields, policy: "framework" });
    const nina = await learner(fixture, programme, "Nina Interne");
    const ninaId = await nina.userId();
    const act = (code: string, action: "observe" | "withdraw") =>
      fixture.carnet.services.validation.service.perform(
        teacher,
        { scope: programme.scope, learnerId: ninaId, frameworkId: programme.frameworkId, code },
        action === "observe"
          ? { action, channel: "observation", level: "competent", comment: "Observé" }
          : { action, channel: "online", comment: "Retiré" },
      );
    await act("C01", "observe");
    expect(mainText(await nina.browser.get(`${nina.base}/credentials`))).to.not.contain("Obtenir le badge");
    await act("C02", "observe");
    const page = await nina.browser.get(`${nina.base}/credentials`);
    expect(mainText(page)).to.contain("Référentiel complet");
    const claimForm = parseForms(page.text).find((candidate) => candidate.fields["whole"] === "1");
    const issued = await nina.browser.post(
      `${nina.base}/credentials/claim`,
      Object.entries(claimForm?.fields ?? {}),
    );
    expect(mainText(issued)).to.contain("délivré");
    const { id, jwt } = await storedFor(ninaId);
    const credential = jsonOf(await nina.browser.get(`${fixture.carnet.baseUrl}/credentials/${id}.json`));
    expect(achievementCredentialValidator()(credential)).to.deep.equal([]);
    expect(credential).to.not.have.nested.property("credentialSubject.achievement.humanCode");
    await act("C01", "withdraw");
    const verifyUrl = `${fixture.carnet.baseUrl}/api/credentials/verify`;
    expect(jsonOf(await nina.browser.postJson(verifyUrl, { jwt }))).to.include({ outcome: "REVOKED" });
  });
});
