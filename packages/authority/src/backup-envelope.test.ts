import { describe, expect, it } from 'vitest';
import { openBackup, sealBackup } from './backup-envelope.js';
import { BackupError } from './errors/index.js';

const passphrase = 'correct horse battery staple';
const sealed = await sealBackup(Buffer.from('{"entries":[]}'), passphrase);
const envelope = JSON.parse(Buffer.from(sealed).toString('utf8')) as Record<string, unknown> & { kdf: Record<string, unknown>; tag: string };
const altered = (change: (e: typeof envelope) => void) => {
  const copy = structuredClone(envelope);
  change(copy);
  return Buffer.from(JSON.stringify(copy));
};

describe('backup envelope: every field checked before anything is derived or decrypted', () => {
  it('opens what it sealed', async () => {
    expect(Buffer.from(await openBackup(sealed, passphrase)).toString()).toBe('{"entries":[]}');
  });

  it.each([
    ['a 4-byte GCM tag (a forgery needs only 2^32 tries)', (e: typeof envelope) => (e.tag = Buffer.from(e.tag, 'base64').subarray(0, 4).toString('base64')), /tag is not 16 bytes/],
    ['scrypt r = 32 (4 GB of memory)', (e: typeof envelope) => (e.kdf['r'] = 32), /scrypt r and p must be at most 16 and 4/],
    ['scrypt p = 2000 (minutes of work)', (e: typeof envelope) => (e.kdf['p'] = 2000), /scrypt r and p/],
    ['scrypt N not a power of two', (e: typeof envelope) => (e.kdf['N'] = 100_000), /N must be a power of two/],
    ['scrypt N = 2^30', (e: typeof envelope) => (e.kdf['N'] = 2 ** 30), /N must be a power of two from 2\^14 to 2\^20/],
    ['an 8-byte IV', (e: typeof envelope) => (e.iv = Buffer.alloc(8).toString('base64')), /iv is not 12 bytes/],
    ['a salt that is not base64', (e: typeof envelope) => (e.kdf['salt'] = '!!not base64!!'), /kdf\.salt is not 16 bytes of base64/],
    ['a ciphertext that is a number', (e: typeof envelope) => (e.ciphertext = 42), /ciphertext is not base64/],
  ])('refuses %s with a BackupError (exit 2), before deriving', async (_name, change, message) => {
    const started = process.hrtime.bigint();
    await expect(openBackup(altered(change), passphrase)).rejects.toSatisfy(BackupError.isInstance);
    await expect(openBackup(altered(change), passphrase)).rejects.toThrow(message);
    // Informational only (never asserted: the machine is shared): a refusal costs no scrypt run.
    console.info(`[backup-envelope] ${_name}: refused in ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
  });
});
