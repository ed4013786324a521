// The launch baseline: a bare ltijs 5.9 tool answering "hello", on the same database as Carnet, with
// the same routes, so the simulated LMS drives both the same way.
import ltijs from "ltijs";

const port = Number(process.env.PORT ?? 3300);
const lti = ltijs.Provider;
lti.setup(
  process.env.LTI_KEY ?? "baseline-key-0123456789abcdef0123456789",
  { url: process.env.MONGODB_URI ?? "" },
  {
    appRoute: "/lti/launch",
    loginRoute: "/lti/login",
    keysetRoute: "/lti/keys",
    cookies: { secure: false, sameSite: "Lax" },
    tokenMaxAge: 60,
  },
);
lti.onConnect((_token, _req, res) => {
  res.send("hello");
});
lti.whitelist("/readyz", { route: "/bench/register", method: "POST" });
lti.app.get("/readyz", (_req, res) => {
  res.send("ok");
});
// The runner registers the simulated LMS through ltijs's own API, in this process.
lti.app.post("/bench/register", (req, res, next) => {
  const body = req.body as Record<string, string>;
  lti
    .registerPlatform({
      url: body.issuer ?? "",
      name: "bench",
      clientId: body.clientId ?? "",
      authenticationEndpoint: body.authUrl ?? "",
      accesstokenEndpoint: body.tokenUrl ?? "",
      authConfig: { method: "JWK_SET", key: body.jwksUrl ?? "" },
    })
    .then(() => res.json({ ok: true }))
    .catch(next);
});
await lti.deploy({ port, silent: true });
