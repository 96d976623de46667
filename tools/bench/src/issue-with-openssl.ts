import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from '@mtlsctl/peers';
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

/** The four commands, as a deployment guide's shell script runs them; inputs arrive as positional parameters. */
const PIPELINE = [
  'set -e',
  'cd "$1"',
  'openssl genpkey $2 -out user.key',
  'openssl req -new -key user.key -subj "/CN=$3/emailAddress=$3@example.com" -out user.csr',
  'openssl x509 -req -in user.csr -CA "$4" -CAkey "$5" -set_serial "$6" -days 365 -sha256 -extfile "$7" -out user.crt',
  'openssl pkcs12 -export -inkey user.key -in user.crt -certfile "$4" -name "$3" -passout env:MTLSCTL_BENCH_P12_PASSWORD -out user.p12',
].join('\n');

/**
 * One client issuance the classic shell-script way: one `sh` running four `openssl` processes — `genpkey`,
 * `req -new`, `x509 -req` with the clientAuth extensions from `-extfile`, and `pkcs12 -export` (OpenSSL 3 defaults,
 * i.e. the same PBES2/AES-256/HMAC-SHA256 protection as mtlsctl's `modern` profile). One spawn from Node per
 * issuance, so Node's process-spawn cost does not weigh on openssl more than a shell loop would.
 *
 * @param params.dir - the working directory (the CA files and extension files are there)
 * @param params.ca - the CA files
 * @param params.keyType - the client key type
 * @param params.username - the CN; the email is `<username>@example.com`
 * @param params.password - the p12 password (passed through the environment, never the command line)
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
  const result = await runProcess(
    'sh',
    [
      '-c', PIPELINE, 'openssl-pipeline',
      work,
      OPENSSL_GENPKEY_ARGS[params.keyType].join(' '),
      params.username,
      params.ca.certificateFile,
      params.ca.keyFile,
      `0x${randomBytes(16).toString('hex')}`,
      join(params.dir, `client-${params.keyType}.ext`),
    ],
    { env: { MTLSCTL_BENCH_P12_PASSWORD: params.password } },
  );
  if (result.code !== 0) throw new Error(`the openssl pipeline failed: ${result.stderr.trim()}`);
  return join(work, 'user.p12');
}
