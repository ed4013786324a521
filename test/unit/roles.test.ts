import { expect } from "chai";
import { carnetRolesFrom } from "../../src/lti/roles.js";

const M = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

describe("carnetRolesFrom", () => {
  const table: [string[], string[]][] = [
    [[`${M}Learner`], ["learner"]],
    [["Learner"], ["learner"]],
    [[`${M}Instructor`], ["teacher"]],
    [["Instructor"], ["teacher"]],
    [["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"], ["teacher"]],
    [[`${M}TeachingAssistant`], ["teacher"]],
    [[`${M}ContentDeveloper`], ["teacher"]],
    [[`${M}Mentor`], ["mentor"]],
    [["Mentor"], ["mentor"]],
    [["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"], ["admin"]],
    [["http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"], ["admin"]],
    [["urn:lti:sysrole:ims/lis/Administrator"], ["admin"]],
    [["urn:lti:instrole:ims/lis/Administrator"], ["admin"]],
    // A course administrator (LTI context role) teaches the course; it administers nothing of Carnet.
    [[`${M}Administrator`], ["teacher"]],
    [["Administrator"], ["teacher"]],
    [["http://purl.imsglobal.org/vocab/lis/v2/membership/Administrator#Administrator"], ["teacher"]],
    [
      [`${M}Administrator`, `${M}Learner`],
      ["learner", "teacher"],
    ],
    // What Moodle sends for a site administrator who teaches the course.
    [
      [
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
        `${M}Instructor`,
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
      ],
      ["teacher", "admin"],
    ],
    [
      [`${M}Learner`, `${M}Mentor`],
      ["learner", "mentor"],
    ],
  ];
  for (const [lti, expected] of table) {
    it(`maps ${lti.map((r) => r.split(/[#/]/).pop()).join(" + ")} to ${expected.join(" + ")}`, () => {
      expect(carnetRolesFrom(lti)).to.deep.equal(expected);
    });
  }

  it('gives unknown roles, an empty list and [""] only the learner\'s own view', () => {
    expect(carnetRolesFrom(["http://example.com/roles#Astronaut"])).to.deep.equal(["learner"]);
    expect(carnetRolesFrom([])).to.deep.equal(["learner"]);
    expect(carnetRolesFrom([""])).to.deep.equal(["learner"]);
  });

  it("does not promote look-alike roles", () => {
    expect(carnetRolesFrom(["http://evil.example/membership#Instructor"])).to.deep.equal(["learner"]);
    expect(carnetRolesFrom(["InstructorX"])).to.deep.equal(["learner"]);
  });
});
