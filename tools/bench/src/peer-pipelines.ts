import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from '@mtlsctl/peers';
import type { OpensslCa } from './issue-with-openssl.js';

const EASYRSA = '/usr/share/easy-rsa/easyrsa';

/** Fails with the package to install when a peer of the table is missing (the bench never silently skips one). */
export function assertPeersInstalled(): void {
  const missing = [
    ['/usr/bin/cfssl', 'golang-cfssl'],
    ['/usr/bin/cfssljson', 'golang-cfssl'],
    [EASYRSA, 'easy-rsa'],
    ['/usr/bin/time', 'time'],
  ].filter(([file]) => !existsSync(file as string));
  if (missing.length > 0) {
    throw new Error(`the bench's peers are missing: ${missing.map(([f]) => f).join(', ')}; install them with: apt-get install ${[...new Set(missing.map(([, p]) => p))].join(' ')}`);
  }
}

/**
 * Writes the cfssl signing config (a `client` profile: digital signature, client auth, one year) next to the CA.
 *
 * @param dir - the working directory
 */
export async function prepareCfssl(dir: string): Promise<string> {
  const config = join(dir, 'cfssl.json');
  await writeFile(config, JSON.stringify({ signing: { profiles: { client: { usages: ['digital signature', 'client auth'], expiry: '8760h' } } } }));
  return config;
}

/**
 * One client issuance with cfssl: `cfssl gencert` (P-256 key + certificate with the email SAN, signed by the CA)
 * piped to `cfssljson -bare`, then `openssl pkcs12 -export` (cfssl writes no PKCS#12), as one `sh`.
 *
 * @param params.dir - working directory; params.ca - the CA files; params.config - from {@link prepareCfssl}
 */
export async function issueWithCfssl(params: { dir: string; ca: OpensslCa; config: string; username: string; password: string }): Promise<void> {
  const work = join(params.dir, `cfssl-${params.username}`);
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'csr.json'), JSON.stringify({ CN: params.username, hosts: [`${params.username}@example.com`], key: { algo: 'ecdsa', size: 256 } }));
  const script = [
    'set -e',
    'cd "$1"',
    'cfssl gencert -loglevel 5 -ca "$2" -ca-key "$3" -config "$4" -profile client csr.json | cfssljson -bare user',
    'openssl pkcs12 -export -inkey user-key.pem -in user.pem -certfile "$2" -name "$5" -passout env:MTLSCTL_BENCH_P12_PASSWORD -out user.p12',
  ].join('\n');
  const result = await runProcess('sh', ['-c', script, 'cfssl-pipeline', work, params.ca.certificateFile, params.ca.keyFile, params.config, params.username], {
    env: { MTLSCTL_BENCH_P12_PASSWORD: params.password },
  });
  if (result.code !== 0) throw new Error(`the cfssl pipeline failed: ${result.stderr.trim().slice(0, 400)}`);
}

/**
 * An easy-rsa PKI with its own P-256 CA (easy-rsa signs only with a CA it made).
 *
 * @param dir - where the PKI goes
 * @returns the environment for {@link issueWithEasyRsa}
 */
export async function prepareEasyRsa(dir: string): Promise<Record<string, string>> {
  const env = { EASYRSA_PKI: join(dir, 'easyrsa-pki'), EASYRSA_ALGO: 'ec', EASYRSA_CURVE: 'prime256v1', EASYRSA_BATCH: '1' };
  for (const args of [['init-pki'], ['build-ca', 'nopass']]) {
    const result = await runProcess(EASYRSA, args, { env: args[0] === 'build-ca' ? { ...env, EASYRSA_REQ_CN: 'easy-rsa bench CA' } : env });
    if (result.code !== 0) throw new Error(`easyrsa ${args.join(' ')} failed: ${result.stderr.trim().slice(0, 400)}`);
  }
  return env;
}

/**
 * One client issuance with easy-rsa: `build-client-full <u> nopass` then `export-p12 <u>` with the password
 * from the environment.
 */
export async function issueWithEasyRsa(params: { env: Record<string, string>; username: string; password: string }): Promise<void> {
  const env = { ...params.env, EASYRSA_PASSOUT: `env:MTLSCTL_BENCH_P12_PASSWORD`, MTLSCTL_BENCH_P12_PASSWORD: params.password };
  for (const args of [['build-client-full', params.username, 'nopass'], ['export-p12', params.username]]) {
    const result = await runProcess(EASYRSA, args, { env });
    if (result.code !== 0) throw new Error(`easyrsa ${args.join(' ')} failed: ${result.stderr.trim().slice(0, 400)}`);
  }
}

/** A fresh password for a peer's p12. */
export function peerPassword(): string {
  return randomBytes(12).toString('base64url');
}
