// Root hooks: one embedded database and one ltijs for the whole run; each test makes its own data.
import { getTestEnvironment, stopTestEnvironment } from "./environment.js";

before(async function () {
  this.timeout(180_000);
  await getTestEnvironment();
});

after(async function () {
  this.timeout(60_000);
  await stopTestEnvironment();
});
