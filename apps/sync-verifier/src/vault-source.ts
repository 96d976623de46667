import { readFile } from 'node:fs/promises';
import { collectVaultObservation, type VaultObservation } from '@mtlsctl/monitoring';
import { lookupTokenByAccessor, PkiStore, VaultKvBackend } from '@mtlsctl/vault-store';
import type { VerifierConfig } from './verifier-config.js';

/**
 * Reads Vault with the token in the token file (re-read every cycle, so a rotated token is picked up without
 * a restart) and the `mtlsctl-verifier` policy's reach: `pki/ca`, `pki/crl` and client metadata only.
 * Requests fail fast (one retry, 5 s timeout): the loop retries the cycle with backoff instead.
 */
export class VaultSource {
  private token: string | undefined;
  private store: PkiStore | undefined;
  private backend: VaultKvBackend | undefined;
  private caCert: string | undefined;
  private esoTokenExpiresAt: Date | undefined;

  /**
   * @param config - where Vault is and where the token file is
   * @param read - file reader (default fs.readFile as UTF-8)
   * @param onEsoLookupError - told when ESO's token could not be looked up (the inventory is still returned, with
   *   the last known expiry: once past, the ESO-token alert fires)
   */
  constructor(
    private readonly config: VerifierConfig['vault'],
    private readonly read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
    private readonly onEsoLookupError: (error: unknown) => void = () => {},
  ) {}

  /** One observation of Vault. @throws when the token file is unreadable or Vault refuses or fails */
  async observe(): Promise<VaultObservation> {
    let token: string;
    try {
      token = (await this.read(this.config.tokenFile)).trim();
    } catch (error) {
      throw new Error(`cannot read the Vault token file ${this.config.tokenFile} (--vault-token-file): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (token === '') throw new Error(`the Vault token file ${this.config.tokenFile} is empty`);
    if (this.config.caCertFile && this.caCert === undefined) this.caCert = await this.read(this.config.caCertFile);
    if (token !== this.token || this.store === undefined) {
      this.token = token;
      this.backend = new VaultKvBackend({
        addr: this.config.addr,
        token,
        mount: this.config.mount,
        prefix: this.config.prefix,
        retries: 1,
        requestTimeoutMs: 5000,
        ...(this.caCert ? { caCert: this.caCert } : {}),
        ...(this.config.namespace ? { namespace: this.config.namespace } : {}),
      });
      this.store = new PkiStore(this.backend);
    }
    const observation = await collectVaultObservation(this.store);
    if (this.config.esoTokenAccessor !== undefined) {
      try {
        const info = await lookupTokenByAccessor(this.backend!.client, this.config.esoTokenAccessor);
        // a token without expire_time never expires: no series (an alert on it would be noise)
        this.esoTokenExpiresAt = info.expireTime === undefined ? undefined : new Date(info.expireTime);
      } catch (error) {
        this.onEsoLookupError(error);
      }
    }
    return this.esoTokenExpiresAt === undefined ? observation : { ...observation, esoTokenExpiresAt: this.esoTokenExpiresAt };
  }
}
