// The frameworks Carnet ships, as files of data/frameworks/ (read by whoever installs them).
export const SHIPPED_FRAMEWORK_FILES = ["c2i2e.json", "medecine-generale.json"] as const;
