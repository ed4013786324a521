// Fetches the embedded database's artifacts ahead of time (CI, Docker images); safe to run twice.
import { createLogger } from "../src/logger.js";
import { ensureMongoJavaServerArtifacts } from "../src/persistence/embedded-database.js";

const directory = ensureMongoJavaServerArtifacts(createLogger("info"));
console.log(`mongo-java-server artifacts ready in ${directory}`);
