// The frameworks Carnet ships, as files of data/frameworks/ (read by whoever installs them).
// c2i2e.json (version domaines-v1) stays shipped next to c2i2e-2011.json: evidence given on the
// domain-level version stays attached to it, and courses choose their version.
export const SHIPPED_FRAMEWORK_FILES = [
  "c2i2e.json",
  "c2i2e-2011.json",
  "c2i1.json",
  "crcn.json",
  "medecine-generale.json",
] as const;
