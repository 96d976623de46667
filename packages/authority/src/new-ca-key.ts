import { createRootCa, exportPrivateKeyPem, fingerprintSha256, generateKeyPair, type KeyType } from '@mtlsctl/pki-core';
import type { CaKeyRecord } from '@mtlsctl/vault-store';
import { caKeyPemAtRest } from './ca-key-at-rest.js';
import type { AuthorityContext } from './context.js';

/** The settings of a new issuing CA. */
export interface NewCaOptions {
  subject: string;
  keyType: KeyType;
  validityDays: number;
  pathLength: number;
}

/**
 * Generates a CA key and its self-signed certificate, as the record stored at `ca-key`. Shared by init and rotate.
 * @internal
 */
export async function newCaKey(ctx: AuthorityContext, now: Date, options: NewCaOptions): Promise<CaKeyRecord> {
  const keys = await generateKeyPair(options.keyType, ctx.crypto);
  const certificatePem = await createRootCa({
    subject: options.subject,
    keys,
    now,
    validityDays: options.validityDays,
    pathLength: options.pathLength,
    ...(ctx.crypto ? { crypto: ctx.crypto } : {}),
  });
  return {
    privateKeyPem: caKeyPemAtRest(ctx, await exportPrivateKeyPem(keys.privateKey, ctx.crypto)),
    certificatePem,
    fingerprint: fingerprintSha256(certificatePem),
  };
}
