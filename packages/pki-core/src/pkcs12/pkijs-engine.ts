import { CryptoEngine } from 'pkijs';

const engines = new WeakMap<Crypto, CryptoEngine>();

/**
 * The pkijs crypto engine over a WebCrypto provider, created once per provider. pkijs calls receive it explicitly,
 * so mtlsctl never touches pkijs's process-global engine.
 *
 * @param crypto - the WebCrypto provider
 */
export function pkijsEngine(crypto: Crypto): CryptoEngine {
  let engine = engines.get(crypto);
  if (engine === undefined) {
    engine = new CryptoEngine({ name: 'mtlsctl', crypto });
    engines.set(crypto, engine);
  }
  return engine;
}
