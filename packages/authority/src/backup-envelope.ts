import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { BackupError } from './errors/index.js';

/** The scrypt cost used for new backups (OWASP's minimum for scrypt: N=2^17, r=8, p=1). */
const KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
const FORMAT = 'mtlsctl-backup';

/** The shortest passphrase accepted for a backup. */
export const MIN_PASSPHRASE_LENGTH = 12;

interface Envelope {
  format: typeof FORMAT;
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  ciphertext: string;
}

/**
 * Encrypts bytes with a passphrase: scrypt → AES-256-GCM, in a self-describing JSON envelope
 * (readable to see what it is, useless without the passphrase).
 */
export async function sealBackup(plaintext: Uint8Array, passphrase: string): Promise<Uint8Array> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupError(`the backup passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`, 'BACKUP_PASSPHRASE_WEAK');
  }
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, KDF);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(FORMAT));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const envelope: Envelope = {
    format: FORMAT,
    version: 1,
    kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
  return Buffer.from(JSON.stringify(envelope, null, 1) + '\n');
}

/** Decrypts a {@link sealBackup} envelope. @throws BackupError on a wrong passphrase or a damaged file */
export async function openBackup(sealed: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const envelope = parseEnvelope(sealed);
  const { N, r, p, salt } = envelope.kdf;
  const key = await deriveKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'), { authTagLength: LIMITS.tagBytes });
  decipher.setAAD(Buffer.from(FORMAT));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new BackupError('cannot decrypt the backup: wrong passphrase, or the file was altered', 'BACKUP_PASSPHRASE_WRONG');
  }
}

/** What an envelope may ask for: scrypt costs a restore will pay (memory is 128·N·r bytes), and fixed GCM sizes. */
const LIMITS = { minLogN: 14, maxLogN: 20, maxR: 16, maxP: 4, maxNr: 2 ** 21, saltBytes: 16, ivBytes: 12, tagBytes: 16 } as const;

/**
 * Validates every field of an envelope before anything is derived or decrypted: scrypt N a power of two in
 * [2^14, 2^20], r ≤ 16, p ≤ 4 and N·r ≤ 2^21 (≤ 256 MiB), a 16-byte salt, a 12-byte IV and a 16-byte tag, all
 * canonical base64. A hostile file can then cost neither gigabytes nor minutes, nor pass with a short tag.
 */
function parseEnvelope(sealed: Uint8Array): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(sealed).toString('utf8'));
  } catch {
    throw new BackupError('this is not an mtlsctl backup (not JSON)');
  }
  const e = value as Partial<Envelope> | null;
  const known = e !== null && typeof e === 'object' && e.format === FORMAT && e.version === 1 && e.cipher === 'aes-256-gcm' && e.kdf?.name === 'scrypt';
  if (!known) throw new BackupError(`this is not an mtlsctl backup of a version this mtlsctl reads (expected format "${FORMAT}" version 1)`);
  const { N, r, p } = e.kdf as Envelope['kdf'];
  const whole = (n: unknown, max: number) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
  const logN = Number.isInteger(N) && N > 0 ? Math.log2(N) : NaN;
  if (!Number.isInteger(logN) || logN < LIMITS.minLogN || logN > LIMITS.maxLogN) {
    throw new BackupError(`the backup's scrypt N must be a power of two from 2^${LIMITS.minLogN} to 2^${LIMITS.maxLogN}: the file is damaged or not from mtlsctl`);
  }
  if (!whole(r, LIMITS.maxR) || !whole(p, LIMITS.maxP) || N * r > LIMITS.maxNr) {
    throw new BackupError(`the backup's scrypt r and p must be at most ${LIMITS.maxR} and ${LIMITS.maxP} (and N·r at most 2^21): the file is damaged or not from mtlsctl`);
  }
  base64Field(e.kdf?.salt, 'kdf.salt', LIMITS.saltBytes);
  base64Field(e.iv, 'iv', LIMITS.ivBytes);
  base64Field(e.tag, 'tag', LIMITS.tagBytes);
  base64Field(e.ciphertext, 'ciphertext');
  return e as Envelope;
}

/** A canonical base64 string (of exactly `bytes` bytes when given), else a BackupError naming the field. */
function base64Field(value: unknown, name: string, bytes?: number): Buffer {
  const decoded = typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
  if (!decoded || decoded.toString('base64') !== value || decoded.length === 0 || (bytes !== undefined && decoded.length !== bytes)) {
    throw new BackupError(`the backup's ${name} is not ${bytes === undefined ? 'base64' : `${bytes} bytes of base64`}: the file is damaged or not from mtlsctl`);
  }
  return decoded;
}

function deriveKey(passphrase: string, salt: Uint8Array, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
