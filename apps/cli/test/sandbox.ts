import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { onTestFinished } from 'vitest';
import { initCa, issueClient, revokeClient } from '@mtlsctl/authority';
import { makeTempDir } from '@mtlsctl/peers';
import { DirectoryKvBackend, PkiStore } from '@mtlsctl/vault-store';
import { runCli } from './run-cli.js';

/** What a sandbox's directory store starts with. Users get `<name>@example.com` and a p12 (the `modern` profile). */
export interface SandboxSeed {
  /** A CA (`ca init`'s defaults). Implied by `users`. */
  ca?: boolean;
  /** Users issued, in this order. */
  users?: readonly string[];
  /** Of those, the users then revoked (reason unspecified). */
  revoked?: readonly string[];
}

/** A temp home with a directory store in `<home>/store` that one test has to itself. */
export interface Sandbox {
  /** The home directory: HOME, and the working directory of every run. */
  path: string;
  /** HOME and MTLSCTL_HOME for a run on this sandbox's store. */
  env: Record<string, string>;
  /** Runs `mtlsctl` here (see {@link runCli}). */
  cli(...args: string[]): ReturnType<typeof runCli>;
  /** A path in the home directory. */
  file(name: string): string;
  /** Every file, directory and link under the home (the store included): path, type, mode and a content digest. */
  snapshot(): Promise<string[]>;
  remove(): Promise<void>;
}

/**
 * Makes a fresh sandbox and seeds its store through the library (faster than a `mtlsctl` run per step; the same
 * records). The caller removes it; in a test, use {@link sandbox}.
 *
 * @param seed - what the store holds; default none (not even the store directory)
 */
export async function makeSandbox(seed: SandboxSeed = {}): Promise<Sandbox> {
  const home = await makeTempDir('mtlsctl-cli-');
  const env = { HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') };
  if (seed.ca || seed.users?.length) {
    const ctx = { store: new PkiStore(new DirectoryKvBackend(env.MTLSCTL_HOME)) };
    await initCa(ctx);
    for (const username of seed.users ?? []) await issueClient(ctx, { username, email: `${username}@example.com` });
    for (const username of seed.revoked ?? []) await revokeClient(ctx, { username });
  }
  return {
    path: home.path,
    env,
    cli: (...args) => runCli(args, { env, cwd: home.path }),
    file: (name) => join(home.path, name),
    snapshot: () => snapshotTree(home.path),
    remove: home.remove,
  };
}

/**
 * A fresh sandbox for the running test, removed when the test finishes. Call it inside an `it`.
 *
 * @param seed - what the store holds; default none
 */
export async function sandbox(seed: SandboxSeed = {}): Promise<Sandbox> {
  const made = await makeSandbox(seed);
  onTestFinished(() => made.remove());
  return made;
}

/** One line per entry under `root`, sorted: what "nothing was written" is checked against. */
async function snapshotTree(root: string): Promise<string[]> {
  const lines: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const info = await lstat(path);
      const mode = (info.mode & 0o7777).toString(8);
      const where = relative(root, path);
      if (info.isDirectory()) {
        lines.push(`d ${mode} ${where}`);
        await visit(path);
      } else if (info.isSymbolicLink()) lines.push(`l ${where} -> ${await readlink(path)}`);
      else lines.push(`f ${mode} ${where} ${createHash('sha256').update(await readFile(path)).digest('hex')}`);
    }
  };
  await visit(root);
  return lines.sort();
}
