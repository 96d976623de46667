import { leanLoginToVault, type VaultConnectionOptions } from '@mtlsctl/vault-store/lean';

/** Where the daemon's Vault token comes from: a token file, or a login by Vault's Kubernetes auth method. */
export interface VaultTokenProvider {
  /** The token to use for this cycle (a secret: never log it). @throws when it cannot be read or the login fails */
  token(): Promise<string>;
  /** Vault refused the token (403): the next {@link token} gets a new one (logs in again) instead of reusing it. */
  refused(): void;
}

/**
 * The token in a file, re-read every cycle, so a rotated token is picked up without a restart.
 *
 * @param path - `--vault-token-file`
 * @param read - file reader (UTF-8)
 */
export function tokenFileProvider(path: string, read: (path: string) => Promise<string>): VaultTokenProvider {
  return {
    async token() {
      let token: string;
      try {
        token = (await read(path)).trim();
      } catch (error) {
        throw new Error(`cannot read the Vault token file ${path} (--vault-token-file): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      if (token === '') throw new Error(`the Vault token file ${path} is empty`);
      return token;
    },
    refused() {},
  };
}

/** Options of {@link kubernetesLoginProvider}. */
export interface KubernetesLoginOptions {
  /** Where Vault is (addr, CA, namespace), asked at each login; its token is not used. */
  connection: () => Omit<VaultConnectionOptions, 'token'>;
  /** The role of the auth method (`--vault-auth-role`). */
  role: string;
  /** Where the method is mounted (default `kubernetes`). */
  mount: string;
  /** The service-account token (a projected token with Vault's audience), read again at each login: the kubelet rotates it. */
  jwtFile: string;
  read: (path: string) => Promise<string>;
  /** Told once per login (never the token). */
  onLogin?: (login: { accessor: string; ttlSeconds: number; policies: string[] }) => void;
  now?: () => number;
}

/**
 * Logs in with Vault's Kubernetes auth method (`auth/<mount>/login`, the service-account JWT checked by the
 * apiserver's TokenReview) and keeps the token until two thirds of its TTL have passed (at most 60 s before it
 * expires), then logs in again with the JWT read afresh; a refused token is replaced at the next cycle.
 */
export function kubernetesLoginProvider(options: KubernetesLoginOptions): VaultTokenProvider {
  const now = options.now ?? Date.now;
  let current: { token: string; renewAt: number } | undefined;
  return {
    async token() {
      if (current !== undefined && now() < current.renewAt) return current.token;
      let jwt: string;
      try {
        jwt = (await options.read(options.jwtFile)).trim();
      } catch (error) {
        throw new Error(
          `cannot read the service-account token ${options.jwtFile} (--vault-jwt-file): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      const login = await leanLoginToVault(options.connection(), { kind: 'kubernetes', role: options.role, mount: options.mount, jwt });
      const ttlMs = login.ttlSeconds * 1000;
      // a token without a TTL never expires: keep it until Vault refuses it
      const renewAt = ttlMs <= 0 ? Number.POSITIVE_INFINITY : now() + Math.max(Math.min((ttlMs * 2) / 3, ttlMs - 60_000), ttlMs / 2);
      current = { token: login.token, renewAt };
      options.onLogin?.({ accessor: login.accessor, ttlSeconds: login.ttlSeconds, policies: login.policies });
      return login.token;
    },
    refused() {
      current = undefined;
    },
  };
}
