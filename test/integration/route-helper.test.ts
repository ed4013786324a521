// route(): input parsing, the guard, the one form-error pattern, results and the error contract.
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import express from "express";
import { z } from "zod";
import type { Actor } from "../../src/domain/actor.js";
import { AppError, ConflictError, ValidationError } from "../../src/errors.js";
import { createLogger } from "../../src/logger.js";
import { definePolicy, guard } from "../../src/policies/policy.js";
import { errorHandler } from "../../src/web/error-handler.js";
import { requestContext } from "../../src/web/middleware/request-context.js";
import { json, page, redirect, route, uploadRoute } from "../../src/web/route.js";
import { UploadRoutes, bytesOf } from "../../src/web/uploads.js";
import { installViews } from "../../src/web/views.js";

const teacher: Actor = {
  platformId: "p",
  deploymentId: "d",
  contextId: "c",
  resourceLinkId: null,
  userId: "u",
  roles: ["teacher"],
  launchId: "launch-0123456789",
};
const received: string[] = [];
const probePolicy = definePolicy<"use", Actor>("probe", { use: (actor) => actor.roles.includes("teacher") });

function app(actor: Actor): express.Express {
  const server = express();
  installViews(server);
  server.use(requestContext());
  server.use(express.urlencoded({ extended: false }));
  server.use((_req, res, next) => {
    res.locals.actor = actor;
    res.locals.base = `/l/${actor.launchId}`;
    res.locals.csrfToken = "token";
    next();
  });
  const router = express.Router();
  route(router, {
    method: "get",
    path: "/things/:id",
    guard: guard(probePolicy, "use"),
    input: z.object({ params: z.object({ id: z.string().regex(/^\d+$/) }) }),
    handle: ({ input }) => json({ id: input.params.id }),
  });
  route(router, {
    method: "post",
    path: "/things",
    guard: guard(probePolicy, "use"),
    input: z.object({ body: z.object({ title: z.string().trim().min(1).max(20), count: z.string() }) }),
    invalid: (_ctx, problem) =>
      page("errors/error", "home", { title: "form", message: problem.values.title }),
    handle: ({ input }) => {
      if (input.body.count === "taken") throw new ConflictError();
      if (input.body.count === "odd") throw new ValidationError("VALIDATION_FAILED", {}, { count: "ODD" });
      return redirect("/things/1", { done: "saved" });
    },
  });
  // A form handler that forgot Post/Redirect/Get: its success would be a page a reload sends again.
  route(router, {
    method: "post",
    path: "/forgetful",
    guard: guard(probePolicy, "use"),
    form: "button",
    handle: () => page("errors/error", "home", { title: "forgetful-page", message: "forgetful-page" }),
  });
  route(router, {
    method: "post",
    path: "/stale",
    guard: guard(probePolicy, "use"),
    form: "button",
    handle: () => page("errors/error", "home", { title: "stale", message: "stale" }, 409),
  });
  const uploads = new UploadRoutes();
  uploadRoute(router, uploads, {
    path: "/files",
    guard: guard(probePolicy, "use"),
    input: z.object({ body: z.object({ note: z.string().max(10).default("") }) }),
    upload: {
      field: "file",
      maxFileBytes: 1024,
      receive: async (file) => {
        received.push(file.originalname);
        let size = 0;
        for await (const chunk of bytesOf(file.stream)) size += chunk.length;
        return size;
      },
      discard: async () => undefined,
    },
    handle: ({ input, files }) => json({ note: input.body.note, sizes: files }),
  });
  uploadRoute(router, uploads, {
    path: "/boxes/:box/files",
    guard: guard(probePolicy, "use"),
    input: z.object({ params: z.object({ box: z.string().regex(/^\d+$/) }) }),
    invalid: (_ctx, problem) =>
      page("errors/error", "home", { title: "form", message: `refused: ${problem.errors.file ?? ""}` }),
    upload: {
      field: "file",
      maxFileBytes: 1024,
      refusals: ["FILE_TOO_LARGE", "EMPTY_FILE"],
      receive: async (file, _actor, params) => {
        let size = 0;
        for await (const chunk of bytesOf(file.stream)) size += chunk.length;
        if (size === 0) throw new AppError("EMPTY_FILE", 400);
        return params.box ?? "";
      },
      discard: async () => undefined,
    },
    handle: ({ files }) => json({ boxes: files }),
  });
  server.use(router);
  server.use(errorHandler(createLogger("silent")));
  return server;
}

async function call(
  actor: Actor,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: string; location: string | null }> {
  const server = app(actor).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual", ...init });
    return {
      status: response.status,
      body: await response.text(),
      location: response.headers.get("location"),
    };
  } finally {
    server.close();
  }
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "en" },
  body: new URLSearchParams(fields).toString(),
});

describe("route()", () => {
  it("parses path parameters and answers the handler's JSON", async () => {
    const answer = await call(teacher, "/things/42");
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ id: "42" });
  });

  it("answers 404 for a malformed path parameter (it names nothing that exists)", async () => {
    expect((await call(teacher, "/things/abc")).status).to.equal(404);
  });

  it("answers 403 when the guard refuses the actor, before the handler runs", async () => {
    const learner: Actor = { ...teacher, roles: ["learner"] };
    expect((await call(learner, "/things/42")).status).to.equal(403);
  });

  it("redirects (303) inside the launch after a successful form", async () => {
    const answer = await call(teacher, "/things", form({ title: "Ok", count: "1" }));
    expect(answer.status).to.equal(303);
    expect(answer.location).to.equal("/l/launch-0123456789/things/1?done=saved");
  });

  it("never answers a successful POST with a page (Post/Redirect/Get), only problems (4xx)", async () => {
    const forgetful = await call(teacher, "/forgetful", form({}));
    expect(forgetful.status).to.equal(500);
    expect(forgetful.body).to.not.contain("forgetful-page");
    expect((await call(teacher, "/stale", form({}))).status).to.equal(409);
  });

  it("re-renders a form with missing fields as a 400 page that keeps what was typed", async () => {
    const answer = await call(teacher, "/things", form({ title: "Kept <b>text</b>" }));
    expect(answer.status).to.equal(400);
    expect(answer.body).to.contain("Kept &lt;b&gt;text&lt;/b&gt;");
  });

  it("re-renders the form for a domain ValidationError too", async () => {
    const answer = await call(teacher, "/things", form({ title: "Ok", count: "odd" }));
    expect(answer.status).to.equal(400);
    expect(answer.body).to.contain("Ok");
  });

  it("maps a conflict to a 409 page", async () => {
    expect((await call(teacher, "/things", form({ title: "Ok", count: "taken" }))).status).to.equal(409);
  });
});

describe("uploadRoute()", () => {
  const upload = (fields: [string, string | Blob][]): RequestInit => {
    const body = new FormData();
    for (const [name, value] of fields) {
      if (typeof value === "string") body.append(name, value);
      else body.append(name, value, "a.txt");
    }
    return { method: "POST", body };
  };

  it("stores the file after the token and hands the handler the parsed fields and what was stored", async () => {
    const answer = await call(
      teacher,
      "/files",
      upload([
        ["_csrf", "token"],
        ["note", "hi"],
        ["file", new Blob(["hello"])],
      ]),
    );
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ note: "hi", sizes: [5] });
  });

  it("refuses the actor the guard refuses before anything is stored (403)", async () => {
    received.length = 0;
    const learner: Actor = { ...teacher, roles: ["learner"] };
    const answer = await call(
      learner,
      "/files",
      upload([
        ["_csrf", "token"],
        ["file", new Blob(["x"])],
      ]),
    );
    expect(answer.status).to.equal(403);
    expect(received).to.deep.equal([]);
  });

  it("gives `receive` the path's parameters", async () => {
    const answer = await call(
      teacher,
      "/boxes/7/files",
      upload([
        ["_csrf", "token"],
        ["file", new Blob(["hello"])],
      ]),
    );
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ boxes: ["7"] });
  });

  it("shows the form again (400) for a refusal of the file itself, from the parser or from receive", async () => {
    for (const content of ["x".repeat(2000), ""]) {
      const answer = await call(
        teacher,
        "/boxes/7/files",
        upload([
          ["_csrf", "token"],
          ["file", new Blob([content])],
        ]),
      );
      expect(answer.status, `${content.length} bytes`).to.equal(400);
      expect(answer.body).to.contain("refused: ");
    }
  });

  it("answers other upload failures with the error page, not the form", async () => {
    const answer = await call(teacher, "/boxes/7/files", upload([["file", new Blob(["x"])]]));
    expect(answer.status).to.equal(403);
    expect(answer.body).not.to.contain("refused: ");
  });

  it("refuses a file sent without the form's token (403), storing nothing", async () => {
    received.length = 0;
    const answer = await call(teacher, "/files", upload([["file", new Blob(["x"])]]));
    expect(answer.status).to.equal(403);
    expect(received).to.deep.equal([]);
  });
});
