import nodeVault from 'node-vault';
import { VaultClientCore, type VaultAnswer, type VaultCall, type VaultHttpTransport } from './vault-client-core.js';

export type { VaultConnectionOptions, VaultRequest, VaultHttpTransport } from './vault-client-core.js';

type NodeVault = ReturnType<typeof nodeVault>;

/**
 * Vault's HTTP API through node-vault (the CLI's client), with what node-vault lacks ({@link VaultClientCore}):
 * typed errors that never carry the token, retries with exponential backoff and jitter for idempotent calls,
 * per-request timeouts, and a guard for writes whose answer was lost. Tokens are never logged (node-vault's
 * debug output is silenced: it prints request bodies, which hold private keys).
 *
 * @example
 * const client = new VaultClient({ addr: 'https://vault:8200', token, caCert });
 * const health = await client.send({ method: 'GET', path: 'sys/mounts', idempotent: true, capability: 'read', policyHint: '', parse: (b) => b });
 */
export class VaultClient extends VaultClientCore {
  private readonly vaults = new Map<string, NodeVault>();

  protected async call(endpoint: string, call: VaultCall): Promise<VaultAnswer> {
    try {
      const body: unknown = await this.vaultFor(endpoint).request({
        path: call.path,
        method: call.method,
        timeout: call.timeoutMs,
        ...(call.body === undefined ? {} : { json: call.body }),
      });
      return { status: 200, body };
    } catch (error) {
      // node-vault rejects any status but 200 and 204 with the response; axios rejects network failures.
      const e = error as { response?: { statusCode?: unknown; body?: unknown }; code?: unknown; message?: unknown };
      if (e?.response && typeof e.response.statusCode === 'number') return { status: e.response.statusCode, body: e.response.body };
      const code = typeof e?.code === 'string' ? e.code : 'ERR_NETWORK';
      const message = typeof e?.message === 'string' ? e.message : String(error);
      return { code: code === 'ECONNABORTED' && /timeout/i.test(message) ? 'ETIMEDOUT' : code, message };
    }
  }

  /** One node-vault client per node (they differ only in the endpoint). */
  private vaultFor(endpoint: string): NodeVault {
    let vault = this.vaults.get(endpoint);
    if (vault === undefined) {
      const options = this.connection;
      vault = nodeVault({
        endpoint,
        token: options.token,
        apiVersion: 'v1',
        debug: () => undefined,
        // strictSSL here also overrides node-vault's own reading of VAULT_SKIP_VERIFY from the environment.
        requestOptions: {
          strictSSL: options.skipVerify !== true,
          ...(options.caCert ? { ca: options.caCert } : {}),
          ...(options.clientCert && options.clientKey ? { cert: options.clientCert, key: options.clientKey } : {}),
        },
        ...(options.http ? { 'request-promise': transportAdapter(options.http) } : {}),
      });
      // node-vault falls back to VAULT_PREFIX / VAULT_NAMESPACE from the environment: only our settings count.
      (vault as unknown as { pathPrefix: string }).pathPrefix = '';
      (vault as unknown as { namespace: string | undefined }).namespace = options.namespace;
      // ...and to VAULT_TOKEN: a login request (token '') must not carry a stale token from the environment.
      (vault as unknown as { token: string }).token = this.token;
      this.vaults.set(endpoint, vault);
    }
    return vault;
  }
}

function transportAdapter(http: VaultHttpTransport): unknown {
  return {
    defaults: () => async (options: { method: string; uri: string; headers?: Record<string, string>; json?: unknown; timeout?: number }) => {
      const answer = await http({
        method: options.method,
        url: options.uri,
        headers: options.headers ?? {},
        ...(options.json === undefined ? {} : { body: options.json }),
        timeoutMs: options.timeout ?? 10_000,
      });
      return { statusCode: answer.status, body: answer.body, request: { path: new URL(options.uri).pathname } };
    },
  };
}
