// An allowlist copy of an object: the fields a mapper keeps, named once and checked by the compiler.

/** The named fields, each present: an optional one the source lacks is there as `undefined`. */
export type PickedFields<T, K extends keyof T> = {
  [P in K]-?: undefined extends T[P] ? T[P] | undefined : T[P];
};

/**
 * Copies the named fields of `source`, nothing else: a field the source type lacks does not compile, and a
 * field added to the source later is not copied until it is named here.
 */
export function pickFields<T extends object, K extends keyof T>(source: T, ...keys: K[]): PickedFields<T, K> {
  const picked = Object.fromEntries(keys.map((key) => [key, source[key]]));
  // One entry per named key, each the source's value for it: the mapped type holds by construction.
  return picked as PickedFields<T, K>;
}
