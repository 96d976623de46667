import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TempDir } from '@mtlsctl/peers';
import { createRootCa } from '../certificates/create-root-ca.js';
import type { Issuer } from '../certificates/issuer.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import type { KeyType } from '../keys/key-type.js';

/** A root CA made by createRootCa, ready to issue. */
export interface TestCa {
  keys: CryptoKeyPair;
  pem: string;
  issuer: Issuer;
}

/**
 * Makes a root CA for a test.
 *
 * @param keyType - the CA key type; default p256
 * @param options - subject (default `CN=Test CA <keyType>,O=mtlsctl tests`), now (default the real clock: the
 *   openssl and tls peers check against it), validity days, path length
 */
export async function makeTestCa(
  keyType: KeyType = 'p256',
  options: { subject?: string; now?: Date; validityDays?: number; pathLength?: number; keys?: CryptoKeyPair } = {},
): Promise<TestCa> {
  const keys = options.keys ?? (await generateKeyPair(keyType));
  const pem = await createRootCa({
    subject: options.subject ?? `CN=Test CA ${keyType},O=mtlsctl tests`,
    keys,
    now: options.now ?? new Date(),
    validityDays: options.validityDays ?? 3650,
    ...(options.pathLength === undefined ? {} : { pathLength: options.pathLength }),
  });
  return { keys, pem, issuer: { certificatePem: pem, privateKey: keys.privateKey } };
}

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
