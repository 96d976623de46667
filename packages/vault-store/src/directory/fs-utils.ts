import { existsSync, readdirSync, statSync, type Stats } from 'node:fs';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Whether a file exists, by one access(2) on this thread: a probe that finds nothing builds no error object,
 * no Stats object, and takes no trip through libuv's thread pool (the directory store probes names on every
 * read). A name it cannot check (EACCES on a parent) reads as missing; the open that follows reports why.
 */
export function existsNow(path: string): boolean {
  return existsSync(path);
}

/** stat(2) on this thread; undefined when nothing is there. */
export function statIfExists(path: string): Stats | undefined {
  return statSync(path, { throwIfNoEntry: false });
}

/** Whether a file exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return false;
    throw error;
  }
}

/** fsyncs a directory so a rename/link/create inside it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Directory entry names, or [] when the directory does not exist — on this thread (reads of the store's
 * small files are microseconds each; a thread-pool round trip per call is what made a 10,000-user listing slow).
 */
export function readdirNow(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return [];
    throw error;
  }
}

/** Directory entry names on this thread, or undefined when the directory does not exist (ENOENT only). */
export function readdirIfExists(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    if (isCode(error, 'ENOTDIR')) return [];
    throw error;
  }
}

/** Directory entry names, or [] when the directory does not exist. */
export async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return [];
    throw error;
  }
}

/** True when `error` is a Node system error with this code (`ENOENT`, `EEXIST`, ...). */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** True when a process with this pid exists (EPERM: it exists but is not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}

/**
 * `mkdir -p` that cannot spin: creates each missing level on its own and fails on the first error. (Node 20's
 * `mkdir(..., { recursive: true })` loops forever where a file system answers ENOENT for a parent that exists,
 * as procfs does.)
 *
 * @returns the first directory created, or undefined when all existed
 */
export async function makeDirs(path: string, mode = 0o700): Promise<string | undefined> {
  // mkdir first: a new user's directory under an existing `clients/` costs one mkdir(2), no stat probes.
  try {
    await mkdir(path, { mode });
    return path;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return undefined;
    if (!isCode(error, 'ENOENT')) throw error;
  }
  const parent = dirname(path);
  if (parent === path) return undefined;
  const first = await makeDirs(parent, mode);
  // A second ENOENT (a parent that exists but answers ENOENT, as procfs does) fails here instead of looping.
  await mkdir(path, { mode }).catch((error: unknown) => {
    if (!isCode(error, 'EEXIST')) throw error;
  });
  return first ?? path;
}
