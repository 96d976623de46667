import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * Sends one HTTP(S) request and resolves with its status and JSON body (`undefined` when the body is empty or
 * not JSON). Rejects only on network errors or the timeout.
 *
 * @param url - e.g. `http://127.0.0.1:8200/v1/sys/health`
 * @param options.caCert - PEM of the CA to trust for https
 * @param options.token - sent as X-Vault-Token
 * @param options.method - default GET
 * @param options.body - sent as JSON
 * @param options.timeoutMs - default 5 s
 */
export function httpGetJson(
  url: string,
  options: { caCert?: string | undefined; token?: string | undefined; method?: string; body?: unknown; timeoutMs?: number | undefined } = {},
): Promise<{ status: number; body: unknown; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers['X-Vault-Token'] = options.token;
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: options.method ?? 'GET', headers, ca: options.caCert, timeout: options.timeoutMs ?? 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
