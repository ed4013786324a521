import { expect } from "chai";
import { cookieOptions, stateCookieName } from "../../src/web/cookies.js";

describe("cookieOptions", () => {
  it("uses SameSite=None; Secure; Partitioned behind HTTPS, so Carnet works inside the LMS iframe", () => {
    expect(cookieOptions(true)).to.include({
      secure: true,
      sameSite: "none",
      partitioned: true,
      httpOnly: true,
      path: "/",
    });
  });

  it("falls back to SameSite=Lax on plain-HTTP development, where browsers refuse None without Secure", () => {
    expect(cookieOptions(false)).to.include({
      secure: false,
      sameSite: "lax",
      partitioned: false,
      httpOnly: true,
    });
  });

  it("names one state cookie per login, so parallel launches in two tabs do not collide", () => {
    expect(stateCookieName("abcdefghijklmnopqrstuvwxyz")).to.not.equal(
      stateCookieName("zyxwvutsrqponmlkjihgfedcba"),
    );
  });
});
