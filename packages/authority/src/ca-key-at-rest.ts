import { createPrivateKey } from 'node:crypto';
import { importPrivateKeyPem } from '@mtlsctl/pki-core';
import type { AuthorityContext } from './context.js';
import { CaKeyLockedError, CaPassphraseWrongError } from './errors/index.js';

const ENCRYPTED = '-----BEGIN ENCRYPTED PRIVATE KEY-----';

/**
 * The CA key PEM as it is stored: encrypted PKCS#8 (PBES2: PBKDF2-SHA256 + AES-256-CBC, what `openssl pkey`
 * reads with `-passin`) when the context has a CA passphrase, else the plain PKCS#8 PEM.
 */
export function caKeyPemAtRest(ctx: AuthorityContext, privateKeyPem: string): string {
  if (ctx.caKeyPassphrase === undefined) return privateKeyPem;
  return createPrivateKey(privateKeyPem).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: ctx.caKeyPassphrase }) as string;
}

/**
 * A stored CA key, decrypted with the context's passphrase when it is encrypted at rest, imported for signing.
 *
 * @throws CaKeyLockedError when it is encrypted and no passphrase was given; CaPassphraseWrongError when the passphrase is wrong
 */
export async function caSigningKey(ctx: AuthorityContext, storedPem: string): Promise<CryptoKey> {
  let pem = storedPem;
  if (storedPem.trimStart().startsWith(ENCRYPTED)) {
    if (ctx.caKeyPassphrase === undefined) throw new CaKeyLockedError();
    try {
      pem = createPrivateKey({ key: storedPem, format: 'pem', passphrase: ctx.caKeyPassphrase }).export({ format: 'pem', type: 'pkcs8' }) as string;
    } catch {
      throw new CaPassphraseWrongError();
    }
  }
  return (await importPrivateKeyPem(pem, ctx.crypto)).privateKey;
}
