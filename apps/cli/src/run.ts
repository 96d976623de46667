import { execute } from '@oclif/core';

/**
 * Runs the CLI: the bundled entry `bin/run.js` loads. `dir` is the CLI package's root (its package.json and
 * oclif.manifest.json).
 * @param dir - a file URL or path inside the CLI package.
 */
export async function run(dir: string): Promise<void> {
  await execute({ dir });
}
