import { createHash } from 'node:crypto';
import { access, constants, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A Go peer the tests need is not built for the wrapper module in this checkout. */
export class GoPeerMissingError extends Error {
  constructor(
    readonly peer: string,
    readonly path: string,
  ) {
    super(
      `the test peer "${peer}" is not built (${path} is missing): run \`bash scripts/peers/install-go-peers.sh ${peer}\` ` +
        '(npm test runs it through scripts/ensure-deps.sh)',
    );
    this.name = 'GoPeerMissingError';
  }
}

/** The cache every peer install script writes to: `$MTLSCTL_CACHE`, default `~/.cache/mtlsctl`. */
export function peerCacheDir(): string {
  return process.env['MTLSCTL_CACHE'] ?? join(homedir(), '.cache', 'mtlsctl');
}

const goPeersDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'go-peers');

/**
 * The built binary of a Go peer, `$MTLSCTL_CACHE/bin/<peer>-<hash>`, where `<hash>` is the first 16 hex digits
 * of sha256(go.mod + go.sum + main.go) of `tools/go-peers/<peer>` — the key `scripts/peers/install-go-peers.sh`
 * builds under, so a test never runs a binary built from another version of the wrapper.
 *
 * @param peer - the wrapper's directory name: `kube` (kube-apiserver, etcd, kubectl) or `eso`
 * @throws GoPeerMissingError naming the install command
 */
export async function goPeerBinary(peer: 'kube' | 'eso'): Promise<string> {
  const path = await goPeerPath(peer);
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new GoPeerMissingError(peer, path);
  }
  return path;
}

/**
 * The directory of ESO's CRDs (`config/crds/bases` of the module the `eso` wrapper pins), which
 * `install-go-peers.sh` copies to `<eso binary path>.crds` before it builds the controller.
 *
 * @throws GoPeerMissingError naming the install command
 */
export async function esoCrdDir(): Promise<string> {
  const dir = `${await goPeerPath('eso')}.crds`;
  try {
    await access(join(dir, '.complete'));
  } catch {
    throw new GoPeerMissingError('eso', dir);
  }
  return dir;
}

async function goPeerPath(peer: 'kube' | 'eso'): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(await readFile(join(goPeersDir, peer, file)));
  return join(peerCacheDir(), 'bin', `${peer}-${hash.digest('hex').slice(0, 16)}`);
}
