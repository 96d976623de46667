import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/**
 * @peculiar/x509, loaded once with `reflect-metadata` and the platform WebCrypto as its default provider
 * (only when no default is set yet). Every call in this package still passes its own crypto provider.
 */
if (!x509.cryptoProvider.has(x509.CryptoProvider.DEFAULT)) x509.cryptoProvider.set(globalThis.crypto);

export { x509 };

/**
 * The crypto provider to use: the caller's, else the platform WebCrypto (`globalThis.crypto`).
 *
 * @param crypto - the caller's provider, if any
 */
export function cryptoOrDefault(crypto?: Crypto): Crypto {
  return crypto ?? globalThis.crypto;
}
