import { MtlsctlError } from '@mtlsctl/errors';

/** `--store` names no store mtlsctl knows: one line saying what it takes. */
export class StoreFlagError extends MtlsctlError {
  constructor(value: string, reason: string) {
    const hint = value.toLowerCase() === 'vault' || /^v[a-z]{2,4}t$/i.test(value) ? ' (did you mean "vault"?)' : '';
    super({
      code: 'STORE_FLAG_INVALID',
      message: `--store must be "vault", "dir:<path>" or an existing directory, not ${JSON.stringify(value)}: ${reason}${hint}`,
    });
  }
}

/** A command that reads a store was pointed at one that does not exist (only `ca init` and `ca restore` create one). */
export class StoreNotFoundError extends MtlsctlError {
  /**
   * @param store - where it looked: a directory's path, or `vault <addr> <mount>/<prefix>`
   * @param reason - what it found there
   * @param fix - how to create it or name the right one (default: the directory store's)
   */
  constructor(store: string, reason: string, fix = `create one with \`mtlsctl ca init --store dir:${store}\`, or name the right one with --store or MTLSCTL_HOME`) {
    super({ code: 'STORE_NOT_FOUND', message: `no mtlsctl store at ${store} (${reason}): ${fix}` });
  }
}
