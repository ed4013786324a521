// The database's errors in Carnet's terms: a duplicate key is a conflict, whoever hit it.
import { ConflictError } from "../errors.js";

/** MongoDB's E11000: a unique index refused the write (a concurrent insert won, or a repeat). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 11000;
}

/** Runs a write; a duplicate key becomes a ConflictError with the given code, anything else is rethrown. */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, code = "CONFLICT"): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKey(error)) throw new ConflictError(code, {}, "duplicate key");
    throw error;
  }
}
