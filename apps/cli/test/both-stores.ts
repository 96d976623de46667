import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeTempDir, startBao, type BaoServer, type TempDir } from '@mtlsctl/peers';

/** One store a CLI test runs on: its name (for `describe.each`), the environment that selects it, and the test's home directory. */
export type StoreUnderTest = [name: string, env: () => Record<string, string>, home: () => string];

/**
 * The two stores a concurrency test runs on, made before the file's tests and removed after them: a directory store
 * under a fresh temp home, and a real OpenBao dev server (`startBao`) selected with VAULT_ADDR/VAULT_TOKEN.
 * Call at the top level of a test file.
 *
 * @param tempPrefix - the temp home's name prefix
 */
export function bothStores(tempPrefix: string): StoreUnderTest[] {
  let home: TempDir | undefined;
  let bao: BaoServer | undefined;
  beforeAll(async () => {
    [home, bao] = await Promise.all([makeTempDir(tempPrefix), startBao()]);
  });
  afterAll(async () => {
    await bao?.stop();
    await home?.remove();
  });
  const path = () => (home as TempDir).path;
  return [
    ['the directory store', () => ({ HOME: path(), MTLSCTL_HOME: join(path(), 'store') }), path],
    ['OpenBao', () => ({ HOME: path(), VAULT_ADDR: (bao as BaoServer).addr, VAULT_TOKEN: (bao as BaoServer).token, MTLSCTL_STORE: 'vault' }), path],
  ];
}
