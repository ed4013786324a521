// Every route of the application goes through route()/publicRoute(): guarded by a policy or declared
// public, and every POST form re-renders on bad input (or is a button without typed fields).
import { expect } from "chai";
import { routeMarkOf, type RouteMark } from "../../src/web/route.js";
import { startTestCarnet, type TestCarnet } from "../support/carnet.js";

interface WalkedRoute {
  method: string;
  path: string;
  mark: RouteMark | undefined;
}

interface LayerLike {
  route?: { path: unknown; stack: { method?: string; handle: unknown }[] };
  handle?: { stack?: unknown };
}

function isLayerList(value: unknown): value is LayerLike[] {
  return Array.isArray(value);
}

function walk(stack: LayerLike[], found: WalkedRoute[] = []): WalkedRoute[] {
  for (const layer of stack) {
    if (layer.route) {
      const handlers = layer.route.stack;
      const mark = handlers.map((h) => routeMarkOf(h.handle)).find(Boolean);
      const methods = [...new Set(handlers.map((h) => h.method ?? "all"))];
      for (const method of methods) found.push({ method, path: String(layer.route.path), mark });
    } else if (layer.handle && isLayerList(layer.handle.stack)) {
      walk(layer.handle.stack, found);
    }
  }
  return found;
}

/**
 * Routes still written the old way, to move onto route() (issue 10). The list only shrinks: the test
 * fails when a listed route has been moved, so the entry must be deleted with the move.
 */
const NOT_YET_ON_THE_ROUTE_HELPER = new Set<string>([]);

describe("the router walk", () => {
  let carnet: TestCarnet;
  let routes: WalkedRoute[];

  before(async () => {
    carnet = await startTestCarnet();
    const router: unknown = Reflect.get(carnet.app, "_router");
    const stack: unknown = router ? Reflect.get(router, "stack") : undefined;
    if (!isLayerList(stack)) throw new Error("Express router stack not found");
    routes = walk(stack);
  });

  after(() => carnet.close());

  it("finds the application's routes", () => {
    expect(routes.length).to.be.greaterThan(20);
  });

  it("has no route without a guard (policy) or a public declaration", () => {
    const unmarked = routes
      .filter((r) => !r.mark)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      .filter((key) => !NOT_YET_ON_THE_ROUTE_HELPER.has(key));
    expect(unmarked, "routes outside route()/publicRoute()").to.deep.equal([]);
  });

  it("keeps the list of routes to move honest (moved routes are removed from it)", () => {
    const unmarked = new Set(routes.filter((r) => !r.mark).map((r) => `${r.method.toUpperCase()} ${r.path}`));
    const moved = [...NOT_YET_ON_THE_ROUTE_HELPER].filter((key) => !unmarked.has(key));
    expect(moved, "entries to delete from NOT_YET_ON_THE_ROUTE_HELPER").to.deep.equal([]);
  });

  it("re-renders every guarded POST form on bad input, or declares it a button", () => {
    const forms = routes.filter((r) => r.mark?.access === "guarded" && r.method === "post");
    const silent = forms.filter((r) => r.mark?.form === "none").map((r) => r.path);
    expect(silent, "POST routes without invalid() or form: 'button'").to.deep.equal([]);
  });
});
