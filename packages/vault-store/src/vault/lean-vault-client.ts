import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { VaultClientCore, type VaultAnswer, type VaultCall, type VaultConnectionOptions, type VaultHttpTransport } from './vault-client-core.js';

/** Larger answers are refused (a LIST of 100,000 users is ~2 MB). */
const MAX_BODY = 32 * 1024 * 1024;

/**
 * Vault's HTTP API over node:https with one keep-alive connection pool: what the daemon uses, without node-vault
 * and axios (~15 MiB of its resident set, and most of its CPU per request). Everything but the bytes — retries,
 * typed errors, the token never in them, TLS and scheme diagnostics, an HA standby's active node, the token
 * keeper — is {@link VaultClientCore}'s, shared with `VaultClient`: same results, same errors. The connection
 * options are `VaultClient`'s (VAULT_CACERT's PEM, VAULT_SKIP_VERIFY, the client certificate, the namespace).
 *
 * @example
 * const client = new LeanVaultClient({ addr: 'https://vault:8200', token, caCert });
 */
export class LeanVaultClient extends VaultClientCore {
  private readonly http: VaultHttpTransport;

  /** @throws StoreConfigError when the address or token is missing or malformed */
  constructor(options: VaultConnectionOptions) {
    super(options);
    this.http = options.http ?? httpsTransport(options);
  }

  protected async call(endpoint: string, call: VaultCall): Promise<VaultAnswer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token !== '') headers['X-Vault-Token'] = this.token;
    if (this.connection.namespace) headers['X-Vault-Namespace'] = this.connection.namespace;
    try {
      return await this.http({ method: call.method, url: `${endpoint}/v1${call.path}`, headers, ...(call.body === undefined ? {} : { body: call.body }), timeoutMs: call.timeoutMs });
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown };
      return { code: typeof e?.code === 'string' ? e.code : 'ERR_NETWORK', message: typeof e?.message === 'string' ? e.message : String(error) };
    }
  }
}

/**
 * A {@link VaultHttpTransport} over node:http(s): one keep-alive agent per scheme for every node, TLS verified
 * against `caCert` (else the system's CAs) unless `skipVerify`, the client certificate presented when given.
 * The body is parsed as JSON when it is JSON, else kept as text ('' when empty), as node-vault's axios does;
 * a request that takes longer than its timeout is destroyed with `ETIMEDOUT`.
 */
export function httpsTransport(options: Pick<VaultConnectionOptions, 'caCert' | 'skipVerify' | 'clientCert' | 'clientKey'>): VaultHttpTransport {
  let https: HttpsAgent | undefined;
  let http: HttpAgent | undefined;
  const agentFor = (tls: boolean) =>
    tls
      ? (https ??= new HttpsAgent({
          keepAlive: true,
          maxSockets: 16,
          rejectUnauthorized: options.skipVerify !== true,
          ...(options.caCert ? { ca: options.caCert } : {}),
          ...(options.clientCert && options.clientKey ? { cert: options.clientCert, key: options.clientKey } : {}),
        }))
      : (http ??= new HttpAgent({ keepAlive: true, maxSockets: 16 }));
  return (request) =>
    new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const tls = url.protocol === 'https:';
      const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
      const headers = { ...request.headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }) };
      const req = (tls ? httpsRequest : httpRequest)(
        { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: `${url.pathname}${url.search}`, method: request.method, headers, agent: agentFor(tls) },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) response.destroy(Object.assign(new Error(`the answer is larger than ${MAX_BODY} bytes`), { code: 'ERESPONSETOOLARGE' }));
            else chunks.push(chunk);
          });
          response.on('error', fail);
          response.on('end', () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0, body: bodyOf(Buffer.concat(chunks).toString('utf8')) });
          });
        },
      );
      const timer = setTimeout(() => req.destroy(Object.assign(new Error(`timeout of ${request.timeoutMs}ms exceeded`), { code: 'ETIMEDOUT' })), request.timeoutMs);
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      req.on('error', fail);
      req.end(payload);
    });
}

/** JSON when it parses, else the text (Go's plain-text answers, e.g. "Client sent an HTTP request to an HTTPS server."). */
function bodyOf(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
