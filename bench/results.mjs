// bench/RESULTS.md: one section per run, newest first, under the file's heading.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(here, 'RESULTS.md');

/** Puts `section` (markdown starting with `## `) first in bench/RESULTS.md and says so. */
export function addSection(section) {
  const previous = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench`; newest first.\n\n';
  const [head, ...rest] = previous.split(/\n(?=## )/);
  writeFileSync(file, [head.trimEnd(), '', section.trimEnd(), '', ...rest].join('\n'));
  console.log(`written to ${path.relative(path.resolve(here, '..'), file)}`);
}
