import { DirectoryKvBackend, PkiStore, type KvBackend } from '@mtlsctl/vault-store';
import { makeTempDir } from '@mtlsctl/peers';
import type { AuthorityContext } from '../context.js';

/** A context over a fresh directory store with a settable clock, for tests. */
export interface TempAuthority extends AuthorityContext {
  dir: string;
  /** The store's backend, for tests that write below the PkiStore (a half-finished commit, a fault). */
  backend: KvBackend;
  clock: { now: Date };
  remove(): Promise<void>;
}

/** Creates a fresh directory store in a temp dir; the clock starts at `start` and tests move it. */
export async function tempAuthority(start = new Date('2026-01-15T10:00:00Z')): Promise<TempAuthority> {
  const temp = await makeTempDir('mtlsctl-authority-');
  const clock = { now: start };
  const backend = new DirectoryKvBackend(temp.path);
  return {
    dir: temp.path,
    backend,
    store: new PkiStore(backend),
    now: () => clock.now,
    clock,
    remove: temp.remove,
  };
}

/**
 * A time as `openssl verify -attime` takes it (seconds since the epoch), so openssl judges at the test clock.
 *
 * @param date - the instant, e.g. `t.clock.now`
 */
export function epoch(date: Date): string {
  return String(Math.floor(date.getTime() / 1000));
}
