// The trace a course's field writes first: trainee teachers (C2i2e, CRCN, C2i) write lesson sequences,
// general-medicine interns write RSCAs. Read from the course's framework key; any other framework (or
// none yet) gets the plain note, which every field uses.
const FIRST_TYPE_BY_FRAMEWORK: readonly [RegExp, string][] = [
  [/^(c2i2e|crcn|c2i1)(\b|-)/, "sequence"],
  [/^medecine-generale(\b|-)/, "rsca"],
];

export function firstTraceTypeFor(frameworkKey: string | null | undefined): string {
  if (!frameworkKey) return "note";
  return FIRST_TYPE_BY_FRAMEWORK.find(([pattern]) => pattern.test(frameworkKey))?.[1] ?? "note";
}
