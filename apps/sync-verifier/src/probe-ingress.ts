import { request } from 'node:https';
import type { ProbeObservation } from '@mtlsctl/monitoring';

/** What {@link probeIngress} connects with. PEM texts, not files (the caller reads them). */
export interface ProbeOptions {
  url: string;
  certPem: string;
  keyPem: string;
  /** CA of the ingress's server certificate (default: the system's). */
  caPem?: string;
  servername?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Sends `GET <url>` over TLS with the probe client certificate and reports whether the ingress accepted it: a
 * completed handshake and an HTTP status below 400 (HAProxy answers a revoked serial's deny rule with 403).
 * A refusal is a result (`accepted: false` with the TLS alert or status), not a throw; only the URL being unusable throws.
 *
 * @example
 * const { accepted, reason } = await probeIngress({ url: 'https://app.example.com/', certPem, keyPem });
 */
export function probeIngress(options: ProbeOptions): Promise<ProbeObservation> {
  return new Promise((resolve) => {
    const req = request(options.url, {
      method: 'GET',
      cert: options.certPem,
      key: options.keyPem,
      ...(options.caPem ? { ca: options.caPem } : {}),
      ...(options.servername ? { servername: options.servername } : {}),
      timeout: options.timeoutMs ?? 10_000,
      agent: false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    req.on('response', (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status < 400 ? { accepted: true } : { accepted: false, reason: `HTTP ${status}` });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ accepted: false, reason: error.code ? `${error.code}: ${error.message}` : error.message }));
    req.end();
  });
}
