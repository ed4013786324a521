/**
 * A scripted browser: real HTTP through Node's fetch, a cookie jar, and redirects followed by hand the
 * way browsers do (303 and 301/302 after POST become GET; 307/308 repeat the method and body). Tests
 * use it to act "exactly as a browser would" against the LMS and the tool.
 */
import { CookieJar } from "./cookie-jar.js";
import type { Cookie } from "./cookie-jar.js";
import { parseForms } from "./html-form.js";
import type { HtmlForm } from "./html-form.js";

export interface BrowserResponse {
  status: number;
  /** The URL that produced this response. */
  url: string;
  headers: Headers;
  text: string;
  /** The Location header resolved against `url`, when there is one. */
  location: string | undefined;
  /** Responses that redirected to this one, oldest first (empty when nothing was followed). */
  redirects: BrowserResponse[];
  /** Parses `text` as JSON (throws on invalid JSON). */
  json(): unknown;
}

export interface BrowserOptions {
  /** Follow redirects by default (each request can override). Default true. */
  followRedirects?: boolean;
  maxRedirects?: number;
  /** Clock for cookie expiry. */
  now?: () => number;
  /** See CookieJar: accept Secure cookies on http://localhost and 127.0.0.1 like Chrome does. */
  trustLoopbackAsSecure?: boolean;
  userAgent?: string;
  /** Abort requests after this many ms (default 30 s); a hung server then fails the test cleanly. */
  timeoutMs?: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  followRedirects?: boolean;
  /**
   * Origin of the page that submits a form or follows a link: sent as `Origin` on POST and as
   * `Referer`, as browsers do for cross-origin form posts (the LMS page posting the id_token).
   */
  initiator?: string;
}

export type FormBody = Record<string, string> | URLSearchParams | [string, string][];

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer | string;
}

interface PendingRequest {
  method: string;
  url: string;
  /** FormData lets fetch write the multipart boundary itself. */
  body: string | FormData | undefined;
  contentType: string | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export class Browser {
  readonly jar: CookieJar;
  private readonly options: Required<Omit<BrowserOptions, "now" | "trustLoopbackAsSecure">>;

  constructor(options: BrowserOptions = {}) {
    this.jar = new CookieJar({ now: options.now, trustLoopbackAsSecure: options.trustLoopbackAsSecure });
    this.options = {
      followRedirects: options.followRedirects ?? true,
      maxRedirects: options.maxRedirects ?? 20,
      userAgent: options.userAgent ?? "Mozilla/5.0 (X11; Linux x86_64) CarnetSimBrowser/1.0",
      timeoutMs: options.timeoutMs ?? 30_000,
    };
  }

  get(url: string, options: RequestOptions = {}): Promise<BrowserResponse> {
    return this.request({ method: "GET", url, body: undefined, contentType: undefined }, options);
  }

  /** Submits an application/x-www-form-urlencoded body, as an HTML form does. */
  post(url: string, form: FormBody = {}, options: RequestOptions = {}): Promise<BrowserResponse> {
    const body = new URLSearchParams(form).toString();
    return this.request(
      { method: "POST", url, body, contentType: "application/x-www-form-urlencoded" },
      options,
    );
  }

  /** Submits a multipart/form-data body with files, as a form with enctype="multipart/form-data" does. */
  postMultipart(
    url: string,
    fields: Record<string, string>,
    files: UploadedFile[],
    options: RequestOptions = {},
  ): Promise<BrowserResponse> {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    for (const file of files) {
      const bytes = typeof file.data === "string" ? Buffer.from(file.data) : file.data;
      body.append(file.field, new Blob([new Uint8Array(bytes)], { type: file.contentType }), file.filename);
    }
    return this.request({ method: "POST", url, body, contentType: undefined }, options);
  }

  /** Sends a JSON body, as page scripts do with fetch. */
  postJson(url: string, value: unknown, options: RequestOptions = {}): Promise<BrowserResponse> {
    const body = JSON.stringify(value);
    return this.request({ method: "POST", url, body, contentType: "application/json" }, options);
  }

  /**
   * Submits a form parsed from `page` (by index, or the first whose action/id/name matches), with
   * `overrides` replacing or adding fields. The action resolves against the page URL.
   */
  submitForm(
    page: BrowserResponse,
    select: number | string | ((form: HtmlForm) => boolean) = 0,
    overrides: Record<string, string> = {},
    options: RequestOptions = {},
  ): Promise<BrowserResponse> {
    const forms = parseForms(page.text);
    const form =
      typeof select === "number"
        ? forms[select]
        : typeof select === "string"
          ? forms.find((f) => f.id === select || f.name === select || f.action === select)
          : forms.find(select);
    if (!form) throw new Error(`no such form on ${page.url}`);
    const action = new URL(form.action || page.url, page.url).toString();
    const entries = form.entries.filter(([name]) => !(name in overrides));
    const fields: [string, string][] = [...entries, ...Object.entries(overrides)];
    const initiator = options.initiator ?? new URL(page.url).origin;
    if (form.method === "GET") {
      const target = new URL(action);
      target.search = new URLSearchParams(fields).toString();
      return this.get(target.toString(), { ...options, initiator });
    }
    return this.post(action, fields, { ...options, initiator });
  }

  /** Follows the redirect chain starting at `response` (GET after 301/302/303, as browsers do). */
  async follow(response: BrowserResponse, options: RequestOptions = {}): Promise<BrowserResponse> {
    if (!REDIRECT_STATUSES.has(response.status) || response.location === undefined) return response;
    const next = await this.request(
      { method: "GET", url: response.location, body: undefined, contentType: undefined },
      { ...options, followRedirects: true },
    );
    return { ...next, redirects: [response, ...next.redirects] };
  }

  cookies(url?: string): Cookie[] {
    return url === undefined ? this.jar.all() : this.jar.cookiesFor(url);
  }

  clearCookies(): void {
    this.jar.clear();
  }

  private async request(initial: PendingRequest, options: RequestOptions): Promise<BrowserResponse> {
    const follow = options.followRedirects ?? this.options.followRedirects;
    const redirects: BrowserResponse[] = [];
    let current = initial;
    let initiator = options.initiator;
    for (;;) {
      const response = await this.send(current, options.headers ?? {}, initiator);
      if (!follow || !REDIRECT_STATUSES.has(response.status) || response.location === undefined) {
        return { ...response, redirects };
      }
      if (redirects.length >= this.options.maxRedirects) {
        throw new Error(`too many redirects from ${initial.url}`);
      }
      redirects.push(response);
      // RFC 9110 §15.4: browsers turn POST into GET on 301/302, always on 303; 307/308 keep the request.
      const keepMethod = response.status === 307 || response.status === 308;
      current = keepMethod
        ? { ...current, url: response.location }
        : { method: "GET", url: response.location, body: undefined, contentType: undefined };
      initiator = new URL(response.url).origin;
    }
  }

  private async send(
    request: PendingRequest,
    extraHeaders: Record<string, string>,
    initiator: string | undefined,
  ): Promise<BrowserResponse> {
    const headers: Record<string, string> = {
      "user-agent": this.options.userAgent,
      accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      "accept-language": "fr-FR,fr;q=0.9,en;q=0.8",
    };
    const cookie = this.jar.cookieHeader(request.url);
    if (cookie !== undefined) headers.cookie = cookie;
    if (request.contentType !== undefined) headers["content-type"] = request.contentType;
    if (initiator !== undefined) {
      headers.referer = `${initiator}/`;
      if (request.method !== "GET") headers.origin = initiator;
    }
    Object.assign(headers, extraHeaders);

    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    for (const setCookie of response.headers.getSetCookie()) this.jar.setCookie(setCookie, request.url);
    const text = await response.text();
    const rawLocation = response.headers.get("location");
    return {
      status: response.status,
      url: request.url,
      headers: response.headers,
      text,
      location: rawLocation === null ? undefined : new URL(rawLocation, request.url).toString(),
      redirects: [],
      json: (): unknown => JSON.parse(text),
    };
  }
}
