import { dropStaleTestDatabases, prepareTemplate, testDatabaseUrl } from './databases.js';

/** Vitest global setup: on PostgreSQL, migrate the template every test file's database copies. */
export default async function setup() {
  const url = testDatabaseUrl();
  if (!url) return;
  await dropStaleTestDatabases(url);
  await prepareTemplate(url);
}
