import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type TLSSocket } from 'node:tls';

/** How a mutual-TLS handshake with a PKCS#12 client identity ended, seen from the server. */
export interface PfxHandshakeResult {
  /** The server accepted the client certificate (authorized against its CA). */
  accepted: boolean;
  /** The client certificate's CN the server saw, when accepted. */
  clientCommonName?: string;
  /** Why the server refused the client certificate: Node's verify code, e.g. `UNABLE_TO_VERIFY_LEAF_SIGNATURE`. */
  authorizationError?: string;
  /** The server-side TLS error when the handshake failed. */
  serverError?: string;
}

/**
 * Runs one TLS handshake on 127.0.0.1: a server that requires a client certificate from `caPem`, and a client
 * that loads its identity from a PKCS#12 file through Node's `pfx` + `passphrase` options.
 *
 * @param params.caPem - the CA the server trusts for client certificates (also signs the server certificate)
 * @param params.server - the server's key and certificate PEM
 * @param params.pfx - the client's PKCS#12 bytes
 * @param params.passphrase - its password
 */
export async function pfxHandshake(params: {
  caPem: string;
  server: { keyPem: string; certificatePem: string };
  pfx: Uint8Array;
  passphrase: string;
}): Promise<PfxHandshakeResult> {
  const server = createServer({
    key: params.server.keyPem,
    cert: params.server.certificatePem,
    ca: [params.caPem],
    requestCert: true,
    rejectUnauthorized: true,
  });
  const outcome = new Promise<PfxHandshakeResult>((resolve) => {
    server.on('secureConnection', (socket: TLSSocket) => {
      const cn = socket.getPeerCertificate().subject?.CN;
      resolve({ accepted: socket.authorized, ...(typeof cn === 'string' ? { clientCommonName: cn } : {}) });
      socket.end('ok');
    });
    server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
      // With rejectUnauthorized Node destroys the socket after recording why the certificate failed verification.
      const reason = socket.authorizationError;
      resolve({ accepted: false, serverError: error.message, ...(reason === undefined ? {} : { authorizationError: String(reason) }) });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const client = connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    ca: [params.caPem],
    pfx: Buffer.from(params.pfx),
    passphrase: params.passphrase,
  });
  client.on('error', () => undefined); // a refused client sees an alert; the server's view is the result
  client.on('data', () => undefined);
  try {
    return await outcome;
  } finally {
    client.destroy();
    server.close();
  }
}
