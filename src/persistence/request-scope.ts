// What one request reads once (a person's tutoring relations, a course's settings): a memo that lives
// in the request's own async context, opened by the web layer for each request and gone with it. Never
// shared between requests, so a relation ended by one request is absent from the next one's reads.
import { AsyncLocalStorage } from "node:async_hooks";

/** The current request, as a key of its own (a fresh object per request; nothing is stored in it). */
type RequestToken = object;

export class RequestScope {
  private readonly current = new AsyncLocalStorage<RequestToken>();

  /** Runs `work` (the rest of one request) with memos of its own. */
  run<T>(work: () => T): T {
    return this.current.run({}, work);
  }

  /** A memo of values of one kind, kept per request of this scope. */
  memo<T>(): RequestMemo<T> {
    return new RequestMemo<T>(() => this.current.getStore());
  }
}

export class RequestMemo<T> {
  // Keyed by the request's token: a request's values are collected with it, whatever the path it took.
  private readonly byRequest = new WeakMap<RequestToken, Map<string, Promise<T>>>();

  constructor(private readonly request: () => RequestToken | undefined) {}

  /**
   * The value for `key`, loaded once in this request (callers at the same time share one read); outside
   * a request (jobs, the command line, tests of a repository) loaded every time.
   */
  once(key: string, load: () => Promise<T>): Promise<T> {
    const request = this.request();
    if (!request) return load();
    const values = this.byRequest.get(request) ?? new Map<string, Promise<T>>();
    this.byRequest.set(request, values);
    const known = values.get(key);
    if (known) return known;
    const loading = load();
    values.set(key, loading);
    // A failed read is not remembered: a later caller in the same request reads again.
    loading.catch(() => {
      if (values.get(key) === loading) values.delete(key);
    });
    return loading;
  }

  /** Forgets what this request read (after it wrote something the values are made of). */
  forget(): void {
    const request = this.request();
    if (request) this.byRequest.delete(request);
  }
}
