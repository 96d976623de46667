import { readFile } from 'node:fs/promises';
import { collectVaultObservation, type VaultObservation } from '@mtlsctl/monitoring';
import { LeanVaultKvBackend, lookupTokenByAccessor, PermissionDeniedError, PkiStore } from '@mtlsctl/vault-store/lean';
import { kubernetesLoginProvider, tokenFileProvider, type VaultTokenProvider } from './vault-token-provider.js';
import type { VerifierConfig } from './verifier-config.js';

/**
 * Reads Vault with the token in the token file (re-read every cycle, so a rotated token is picked up without
 * a restart) or one from a Kubernetes auth login (renewed by logging in again before it expires), with the
 * `mtlsctl-verifier` policy's reach: `pki/ca`, `pki/crl` and client metadata only.
 * Requests fail fast (one retry, 5 s timeout): the loop retries the cycle with backoff instead.
 */
export class VaultSource {
  private token: string | undefined;
  private store: PkiStore | undefined;
  private backend: LeanVaultKvBackend | undefined;
  private caCert: string | undefined;
  private esoTokenExpiresAt: Date | undefined;
  private readonly tokens: VaultTokenProvider;

  /**
   * @param config - where Vault is and where the token file is
   * @param read - file reader (default fs.readFile as UTF-8)
   * @param onEsoLookupError - told when ESO's token could not be looked up (the inventory is still returned, with
   *   the last known expiry: once past, the ESO-token alert fires)
   * @param onLogin - told after each Kubernetes auth login (accessor, TTL, policies; never the token)
   */
  constructor(
    private readonly config: VerifierConfig['vault'],
    private readonly read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
    private readonly onEsoLookupError: (error: unknown) => void = () => {},
    onLogin?: (login: { accessor: string; ttlSeconds: number; policies: string[] }) => void,
  ) {
    const kube = config.kubernetesAuth;
    this.tokens = kube
      ? kubernetesLoginProvider({
          role: kube.role,
          mount: kube.mount,
          jwtFile: kube.jwtFile,
          read,
          connection: () => ({ addr: config.addr, retries: 1, requestTimeoutMs: 5000, ...(config.namespace ? { namespace: config.namespace } : {}), ...(this.caCert ? { caCert: this.caCert } : {}) }),
          ...(onLogin ? { onLogin } : {}),
        })
      : tokenFileProvider(config.tokenFile, read);
  }

  /** One observation of Vault. @throws when the token file is unreadable or Vault refuses or fails */
  async observe(): Promise<VaultObservation> {
    if (this.config.caCertFile && this.caCert === undefined) this.caCert = await this.read(this.config.caCertFile);
    const token = await this.tokens.token();
    if (token !== this.token || this.store === undefined) {
      this.token = token;
      this.backend = new LeanVaultKvBackend({
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
    let observation: VaultObservation;
    try {
      // Vault's LIST returns every key at once (pages are cut client-side): 10,000 per page is one LIST per cycle at
      // 10,000 users, not ten
      observation = await collectVaultObservation(this.store, { pageSize: 10_000 });
    } catch (error) {
      if (PermissionDeniedError.isInstance(error)) this.tokens.refused();
      throw error;
    }
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
