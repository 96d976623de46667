import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { opensslRaw, runProcess } from '@mtlsctl/peers';
import { OPENSSL_GENPKEY_ARGS, type BenchKeyType } from './client-key-type.js';

/** A CA on disk for the openssl pipeline. */
export interface OpensslCa {
  certificateFile: string;
  keyFile: string;
}

/**
 * Writes the CA files and the client extension files the openssl pipeline uses.
 *
 * @param dir - a private working directory
 * @param ca - the CA certificate and PKCS#8 key, PEM
 */
export async function prepareOpensslCa(dir: string, ca: { certificatePem: string; privateKeyPem: string }): Promise<OpensslCa> {
  const certificateFile = join(dir, 'ca.crt');
  const keyFile = join(dir, 'ca.key');
  await writeFile(certificateFile, ca.certificatePem);
  await writeFile(keyFile, ca.privateKeyPem, { mode: 0o600 });
  for (const keyType of ['p256', 'rsa2048'] as const) {
    await writeFile(join(dir, `client-${keyType}.ext`), extensionFile(keyType));
  }
  return { certificateFile, keyFile };
}

/** The x509v3 extensions of a client certificate, as mtlsctl issues them. */
function extensionFile(keyType: BenchKeyType): string {
  const keyUsage = keyType === 'rsa2048' ? 'digitalSignature, keyEncipherment' : 'digitalSignature';
  return [
    'basicConstraints = critical, CA:FALSE',
    `keyUsage = critical, ${keyUsage}`,
    'extendedKeyUsage = clientAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    'subjectAltName = email:copy',
    '',
  ].join('\n');
}

/**
 * One client issuance the classic shell-script way: four `openssl` processes — `genpkey`, `req -new`,
 * `x509 -req` with the clientAuth extensions from `-extfile`, and `pkcs12 -export` (OpenSSL 3 defaults, i.e. the
 * same PBES2/AES-256/HMAC-SHA256 protection as mtlsctl's `modern` profile).
 *
 * @param params.dir - the working directory (the CA files and extension files are there)
 * @param params.ca - the CA files
 * @param params.keyType - the client key type
 * @param params.username - the CN; the email is `<username>@example.com`
 * @param params.password - the p12 password
 * @returns the path of the p12 written
 */
export async function issueWithOpenssl(params: {
  dir: string;
  ca: OpensslCa;
  keyType: BenchKeyType;
  username: string;
  password: string;
}): Promise<string> {
  const work = join(params.dir, params.username);
  await mkdir(work, { recursive: true });
  const file = (name: string) => join(work, name);
  await opensslRaw(['genpkey', ...OPENSSL_GENPKEY_ARGS[params.keyType], '-out', file('user.key')]);
  await opensslRaw(['req', '-new', '-key', file('user.key'), '-subj', `/CN=${params.username}/emailAddress=${params.username}@example.com`, '-out', file('user.csr')]);
  await opensslRaw([
    'x509', '-req', '-in', file('user.csr'),
    '-CA', params.ca.certificateFile, '-CAkey', params.ca.keyFile,
    '-set_serial', `0x${randomBytes(16).toString('hex')}`,
    '-days', '365', '-sha256',
    '-extfile', join(params.dir, `client-${params.keyType}.ext`),
    '-out', file('user.crt'),
  ]);
  // The password goes through the environment, never the command line (ps, error messages).
  const result = await runProcess(
    'openssl',
    ['pkcs12', '-export', '-inkey', file('user.key'), '-in', file('user.crt'), '-certfile', params.ca.certificateFile,
      '-name', params.username, '-passout', 'env:MTLSCTL_BENCH_P12_PASSWORD', '-out', file('user.p12')],
    { env: { MTLSCTL_BENCH_P12_PASSWORD: params.password } },
  );
  if (result.code !== 0) throw new Error(`openssl pkcs12 -export failed: ${result.stderr.trim()}`);
  return file('user.p12');
}
