import { request } from 'node:https';

/** The client identity and trust for one request through {@link startHaproxy}'s frontend. */
export interface HaproxyRequestOptions {
  port: number;
  /** A PKCS#12 client identity (instead of `cert` + `key`). */
  pfx?: Uint8Array;
  /** Password of `pfx` (or of an encrypted `key`). */
  passphrase?: string;
  /** Client certificate (chain) PEM. */
  cert?: string;
  /** Client private key PEM. */
  key?: string;
  /** The CA that issued haproxy's server certificate (PEM). */
  ca: string;
  /** Name checked against the server certificate (default `localhost`). */
  servername?: string;
  /** URL path (default `/`). */
  path?: string;
  /** Highest TLS version offered (default Node's, TLS 1.3). */
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
}

/**
 * What came back: an HTTP status and body, or the TLS-level refusal (the alert or reset that ended
 * the handshake, as Node's error code and message, e.g. `ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`).
 */
export interface HaproxyResponse {
  status?: number | undefined;
  body?: string;
  tlsError?: string;
  /** Node's error code alone, e.g. `ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED` or `ECONNRESET`. */
  errorCode?: string;
}

/**
 * Sends `GET /` to haproxy on 127.0.0.1 over mTLS with Node's `https`. A refused handshake is a
 * result (`tlsError`), not a throw: with TLS 1.3 the server checks the client certificate after the
 * client's handshake finishes, so the refusal arrives as an alert while the response is awaited.
 *
 * @param options - see {@link HaproxyRequestOptions}
 * @example
 * const { status, tlsError } = await requestThroughHaproxy({ port, cert, key, ca });
 */
export function requestThroughHaproxy(options: HaproxyRequestOptions): Promise<HaproxyResponse> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path ?? '/',
        method: 'GET',
        servername: options.servername ?? 'localhost',
        ca: options.ca,
        ...(options.pfx === undefined ? {} : { pfx: Buffer.from(options.pfx) }),
        ...(options.cert === undefined ? {} : { cert: options.cert }),
        ...(options.key === undefined ? {} : { key: options.key }),
        ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
        ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve(refusal(error)));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(refusal(error)));
    req.end();
  });
}

function refusal(error: NodeJS.ErrnoException): HaproxyResponse {
  const code = error.code ?? 'UNKNOWN';
  return { tlsError: `${code}: ${error.message}`, errorCode: code };
}
