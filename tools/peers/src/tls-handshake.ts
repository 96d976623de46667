import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';

/** A TLS server on 127.0.0.1 that requires a client certificate, and a client that presents one. */
export interface TlsHandshakeOptions {
  /** CA certificates (PEM) the server trusts for client certificates — what HAProxy's `ca-file` holds. */
  ca: string | string[];
  /** The client's certificate (PEM, optionally followed by its chain); omit to connect without one. */
  cert?: string;
  /** The client's private key (PEM). */
  key?: string;
  /** The server's certificate (PEM); it should name `localhost` when `serverCa` is given. */
  serverCert: string;
  /** The server's private key (PEM). */
  serverKey: string;
  /** CA (PEM) the client verifies the server with; default none: the server is not verified (the test is about the client). */
  serverCa?: string | string[];
  /** CRLs (PEM) the server checks client certificates against (Node then checks every CA in the chain). */
  crl?: string | string[];
  /** Lowest TLS version on both sides; default Node's. */
  minVersion?: tls.SecureVersion;
  /** Highest TLS version on both sides; default Node's. */
  maxVersion?: tls.SecureVersion;
  /** Give up after this long; default 10 000 ms. */
  timeoutMs?: number;
}

/** How the handshake ended, as the server saw it. */
export interface TlsHandshakeResult {
  /** True when the server completed the handshake with an authorized client certificate. */
  accepted: boolean;
  /**
   * Why the server refused: OpenSSL's verification code as Node names it (`CERT_REVOKED`, `CERT_HAS_EXPIRED`,
   * `UNABLE_TO_VERIFY_LEAF_SIGNATURE` for an unknown CA, ...) or the handshake error (`peer did not return a certificate`).
   */
  serverError?: string;
  /** An error the client saw, if any (e.g. the alert the server sent). */
  clientError?: string;
  /** The negotiated protocol, e.g. `TLSv1.3`, when accepted. */
  protocol?: string;
  /** The client certificate's subject CN as the server saw it, when accepted. */
  peerCommonName?: string;
}

/**
 * Runs one TLS handshake between Node's `tls` server (`requestCert: true, rejectUnauthorized: true`) and
 * client on 127.0.0.1, and reports whether the server accepted the client certificate.
 *
 * @param options - see {@link TlsHandshakeOptions}
 * @example
 * const result = await tlsHandshake({ ca: caPem, cert: userPem, key: userKeyPem, serverCert, serverKey });
 * expect(result.accepted).toBe(true);
 */
export async function tlsHandshake(options: TlsHandshakeOptions): Promise<TlsHandshakeResult> {
  const versions = { minVersion: options.minVersion, maxVersion: options.maxVersion };
  const server = tls.createServer({
    cert: options.serverCert,
    key: options.serverKey,
    ca: options.ca,
    crl: options.crl,
    requestCert: true,
    rejectUnauthorized: true,
    ...versions,
  });
  const sockets = new Set<tls.TLSSocket>();
  const serverOutcome = new Promise<TlsHandshakeResult>((resolve) => {
    server.on('secureConnection', (socket) => {
      sockets.add(socket);
      const peer = socket.getPeerCertificate();
      const result: TlsHandshakeResult = { accepted: socket.authorized };
      const protocol = socket.getProtocol();
      if (protocol !== null) result.protocol = protocol;
      const commonName = peer.subject?.CN;
      if (commonName !== undefined) result.peerCommonName = Array.isArray(commonName) ? commonName.join(',') : commonName;
      if (!socket.authorized) result.serverError = String(socket.authorizationError);
      socket.on('error', () => undefined);
      socket.end('ok\n');
      resolve(result);
    });
    // Node completes the handshake, then destroys a socket whose certificate failed verification and
    // reports a bare "socket hang up": the verification error is on the socket.
    server.on('tlsClientError', (error, socket) => {
      const reason = socket.authorizationError;
      resolve({ accepted: false, serverError: reason === undefined || reason === null ? error.message : String(reason) });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let clientError: string | undefined;
  const client = tls.connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    cert: options.cert,
    key: options.key,
    ca: options.serverCa,
    rejectUnauthorized: options.serverCa !== undefined,
    ...versions,
  });
  client.on('error', (error) => (clientError ??= error.message));
  client.on('data', () => undefined);
  const clientClosed = once(client, 'close').catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<TlsHandshakeResult>((resolve) => {
    timer = setTimeout(() => resolve({ accepted: false, serverError: `no handshake outcome within ${options.timeoutMs ?? 10_000} ms` }), options.timeoutMs ?? 10_000);
  });
  try {
    const result = await Promise.race([serverOutcome, timeout]);
    await Promise.race([clientClosed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    if (clientError !== undefined) result.clientError = clientError;
    return result;
  } finally {
    clearTimeout(timer);
    client.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
