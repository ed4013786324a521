// The root URL: a newcomer (or an operator following the README) opens it first. It says what Carnet
// is, that people use it from their LMS, and which URLs register it there.
import express, { type Router } from "express";
import type { ToolUrls } from "../../config/lti-config.js";
import { handled, publicRoute } from "../route.js";

export function welcomeRoutes(deps: { urls: ToolUrls }): Router {
  const router = express.Router();
  publicRoute(router, {
    method: "get",
    path: "/",
    public: "the root page for newcomers: what Carnet is and how an LMS registers it",
    handle: ({ res, t }) => {
      res.render("lti/welcome", { layout: "bare", title: t("lti:welcome.title"), urls: deps.urls });
      return handled;
    },
  });
  return router;
}
