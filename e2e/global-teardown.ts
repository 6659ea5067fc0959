import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { artifacts, type Stack } from './support/servers';

/** Stops the servers global-setup started (by their pids) and removes their temp data. */
export default async function globalTeardown() {
  let stacks: Record<string, Stack> = {};
  try {
    stacks = JSON.parse(readFileSync(path.join(artifacts, 'servers.json'), 'utf8')) as Record<string, Stack>;
  } catch {
    return;
  }
  for (const stack of Object.values(stacks)) {
    for (const pid of stack.pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const stack of Object.values(stacks))
    if (stack.dataDir) rmSync(stack.dataDir, { recursive: true, force: true });
}
