import { MtlsctlError } from '@mtlsctl/pki-core/errors';

/** A command that reads a store was pointed at one that does not exist (only `ca init` and `ca restore` create one). */
export class StoreNotFoundError extends MtlsctlError {
  constructor(dir: string, reason: string) {
    super({
      code: 'STORE_NOT_FOUND',
      kind: 'not-found',
      message: `no mtlsctl store at ${dir} (${reason}): create one with \`mtlsctl ca init --store dir:${dir}\`, or name the right one with --store or MTLSCTL_HOME.`,
    });
  }
}
