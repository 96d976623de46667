import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openssl } from './openssl.js';

/** Files of a test apiserver's own CA and the serving certificate it signed (SAN 127.0.0.1 and localhost). */
export interface KubeServingCertificate {
  caPath: string;
  caPem: string;
  certPath: string;
  keyPath: string;
}

/** Makes a throw-away CA and a P-256 serving certificate for 127.0.0.1 with the real `openssl`, in `dir`. */
export async function kubeServingCertificate(dir: string): Promise<KubeServingCertificate> {
  const path = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-noenc'];
  await openssl(['req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.crt'), '-days', '7', '-subj', '/CN=mtlsctl test kube CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openssl(['req', ...ec, '-keyout', path('serving.key'), '-out', path('serving.csr'), '-subj', '/CN=kube-apiserver']);
  await writeFile(path('serving.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
  await openssl(['x509', '-req', '-in', path('serving.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial',
    '-days', '7', '-extfile', path('serving.ext'), '-out', path('serving.crt')]);
  return { caPath: path('ca.crt'), caPem: await readFile(path('ca.crt'), 'utf8'), certPath: path('serving.crt'), keyPath: path('serving.key') };
}
