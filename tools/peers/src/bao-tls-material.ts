import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openssl } from './openssl.js';

/** A server certificate for a TLS listener on 127.0.0.1, and the CA that signed it. PEM text. */
export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  caCertPem: string;
}

/**
 * Makes a throw-away CA and a server certificate for `localhost` / `127.0.0.1` with the real `openssl` CLI
 * (EC P-256, 1 day), in `dir`.
 */
export async function makeLoopbackTlsMaterial(dir: string): Promise<TlsMaterial> {
  const f = (name: string) => join(dir, name);
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'),
    '-days', '1', '-subj', '/CN=mtlsctl test OpenBao CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost']);
  await writeFile(f('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
  await openssl(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f('server.ext'), '-out', f('server.crt')]);
  const [certPem, keyPem, caCertPem] = await Promise.all([readFile(f('server.crt'), 'utf8'), readFile(f('server.key'), 'utf8'), readFile(f('ca.crt'), 'utf8')]);
  return { certPem, keyPem, caCertPem };
}
