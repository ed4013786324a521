// Gives each request an id, a locale and a translator before anything else runs.
import { randomBytes, randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { pickLocale, translator } from "../../i18n/i18n.js";

const SAFE_REQUEST_ID = /^[\w.-]{8,64}$/;

export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    res.locals.requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", res.locals.requestId);
    res.locals.cspNonce = randomBytes(16).toString("base64");
    setLocale(res, pickLocale(undefined, req.get("accept-language")));
    next();
  };
}

export function setLocale(res: Parameters<RequestHandler>[1], locale: ReturnType<typeof pickLocale>): void {
  res.locals.locale = locale;
  res.locals.t = translator(locale);
}
