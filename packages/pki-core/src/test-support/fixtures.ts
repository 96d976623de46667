import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TempDir } from '@mtlsctl/peers';

/**
 * Writes files into a temp dir and returns a function giving their paths.
 *
 * @param dir - the temp dir
 * @param files - name → content
 */
export async function writeFiles(dir: TempDir, files: Record<string, string | Uint8Array>): Promise<(name: string) => string> {
  const path = (name: string) => join(dir.path, name);
  await Promise.all(Object.entries(files).map(([name, content]) => writeFile(path(name), content)));
  return path;
}

/** One day in milliseconds. */
export const DAY = 86_400_000;
