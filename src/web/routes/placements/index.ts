// The placement supervisors' routers: the inviters' pages inside a launch, the supervisors' outside.
import type { Router } from "express";
import type { Config } from "../../../config/config.js";
import type { PlacementParts } from "../../../placements-parts.js";
import { placementInvitationRoutes } from "./invitations.js";
import { supervisorRoutes } from "./supervisor-public.js";

export function placementRoutes(deps: {
  services: { placements: PlacementParts };
  config: Pick<Config, "baseUrl">;
}): Router {
  return placementInvitationRoutes({
    invitations: deps.services.placements.invitations,
    baseUrl: deps.config.baseUrl,
  });
}

/** Outside any launch: what supervisors reach from their links. */
export function publicPlacementRoutes(parts: PlacementParts, secureCookies: boolean): Router {
  return supervisorRoutes({ links: parts.links, desk: parts.desk, secureCookies });
}
