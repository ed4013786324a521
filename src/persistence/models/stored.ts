// How a domain record is stored: the same fields, its id as the document's `_id`.

/** A domain record as stored: its id is the document's `_id`. */
export type Stored<T extends { id: string }> = Omit<T, "id"> & { _id: string };
