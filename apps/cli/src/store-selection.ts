import { StoreFlagError } from './errors/store-errors.js';

/** Which store `--store` (or `MTLSCTL_STORE`) names, before anything is opened. */
export type StoreSelection = { kind: 'vault' } | { kind: 'directory'; path?: string; mustExist: boolean };

/**
 * Parses `--store`: `vault`; `dir:<path>` (a directory store there, which `ca init` may create); `dir` (the
 * default directory store); or the path of a directory that exists (a bare word is never taken as a new
 * directory, so `--store Vault` cannot create `./Vault`). Undefined: the default directory store.
 *
 * @throws StoreFlagError for an empty value or `dir:` without a path
 */
export function parseStoreFlag(value: string | undefined): StoreSelection {
  if (value === undefined || value === 'dir') return { kind: 'directory', mustExist: false };
  if (value === 'vault') return { kind: 'vault' };
  if (value.startsWith('dir:')) {
    const path = value.slice(4);
    if (path === '') throw new StoreFlagError(value, 'dir: needs a path');
    return { kind: 'directory', path, mustExist: false };
  }
  if (value.trim() === '') throw new StoreFlagError(value, 'it is empty');
  return { kind: 'directory', path: value, mustExist: true };
}
