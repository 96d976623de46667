import type { Issuer } from '@mtlsctl/pki-core';
import type { CaKeyRecord, CaRecord, Versioned } from '@mtlsctl/vault-store';
import { caSigningKey } from './ca-key-at-rest.js';
import type { AuthorityContext } from './context.js';
import { CaKeyMismatchError, NoCaError } from './errors/index.js';

/** The active CA, its key and the versions they were read at. */
export interface ActiveCa {
  ca: Versioned<CaRecord>;
  key: Versioned<CaKeyRecord>;
  issuer: Issuer;
}

/**
 * Reads the active CA and its private key, and checks that they belong together.
 *
 * @throws NoCaError when there is no CA or no CA key; CaKeyMismatchError after an interrupted rotation
 */
export async function loadActiveCa(ctx: AuthorityContext): Promise<ActiveCa> {
  const [ca, key] = await Promise.all([ctx.store.getCa(), ctx.store.getCaKey()]);
  if (!ca) throw new NoCaError();
  if (!key) throw new NoCaError('this store has a CA certificate but not its private key (reading it may need the admin policy)');
  if (key.value.fingerprint !== ca.value.activeFingerprint) {
    throw new CaKeyMismatchError(ca.value.activeFingerprint, key.value.fingerprint);
  }
  const privateKey = await caSigningKey(ctx, key.value.privateKeyPem);
  return { ca, key, issuer: { certificatePem: key.value.certificatePem, privateKey } };
}
