import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryKvBackend, PkiStore } from '@mtlsctl/vault-store';
import { initCa, issueClient } from '@mtlsctl/authority';
import { createRootCa, exportPrivateKeyPem, generateKeyPair, issueServerCertificate } from '@mtlsctl/pki-core';
import { makeTempDir, openssl, requestThroughHaproxy, startHaproxy, type HaproxyResponse, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

/**
 * docs/deployment-guide.md's step 5 and revocation, proven against a real haproxy on 127.0.0.1 that terminates mTLS with
 * `verify required` and the trust bundle (tls.crt), CRLs and deny rules that mtlsctl publishes.
 */
let home: TempDir;
let server: { certPem: string; keyPem: string; caPem: string };
const env = () => ({ HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') });
const cli = async (...args: string[]) => {
  const result = await runCli(args, { env: env(), cwd: home.path });
  if (result.code !== 0 && !args.includes('--expect-failure')) throw new Error(`mtlsctl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
};
const cliResult = (...args: string[]) => runCli(args, { env: env(), cwd: home.path });

/** A user's identity as HAProxy sees it: the p12 the user downloads. */
async function identity(username: string): Promise<{ pfx: Uint8Array; passphrase: string }> {
  const { file, password } = (await cli('user', 'download', username, '-o', `${username}-${Date.now()}.p12`, '--json')).json<{ file: string; password: string }>();
  return { pfx: await readFile(join(home.path, file)), passphrase: password };
}

/** Runs haproxy with what mtlsctl publishes now, sends one request per identity, and stops it. */
async function through(
  identities: Record<string, { pfx: Uint8Array; passphrase: string } | { cert: string; key: string }>,
  options: { crl?: boolean; deny?: boolean } = {},
): Promise<Record<string, HaproxyResponse>> {
  const tlsCrt = (await cli('bundle', 'show', '--pem')).stdout;
  const haproxy = await startHaproxy({
    certPem: server.certPem,
    keyPem: server.keyPem,
    caFilePem: tlsCrt,
    ...(options.crl ? { crlFilePem: (await cli('crl', 'show', '--pem')).stdout } : {}),
    ...(options.deny ? { denyRules: (await cli('crl', 'show', '--haproxy-deny')).stdout } : {}),
  });
  try {
    const results: Record<string, HaproxyResponse> = {};
    for (const [name, id] of Object.entries(identities)) results[name] = await requestThroughHaproxy({ port: haproxy.port, ca: server.caPem, ...id });
    return results;
  } finally {
    await haproxy.close();
  }
}

const accepted = { status: 200 };
const refused = (code: string) => expect.objectContaining({ errorCode: code });

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-haproxy-');
  const now = new Date();
  const caKeys = await generateKeyPair('p256');
  const caPem = await createRootCa({ subject: 'CN=ingress server CA', keys: caKeys, now });
  const keys = await generateKeyPair('p256');
  const certPem = await issueServerCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], publicKey: keys.publicKey, issuer: { certificatePem: caPem, privateKey: caKeys.privateKey }, now });
  server = { certPem, keyPem: await exportPrivateKeyPem(keys.privateKey), caPem };
});
afterAll(async () => {
  await home.remove();
});

describe('migration from the old system (deployment guide, step 5) through a real haproxy', () => {
  it("accepts both CAs' clients during the migration, and only the new CA's after `ca retire`", async () => {
    // The old system: a CA and a user's p12 made with the openssl CLI, as the seed's scripts did.
    const dir = home.path;
    await writeFile(join(dir, 'old.cnf'), '[req]\nprompt=no\ndistinguished_name=dn\nx509_extensions=v3\n[dn]\nCN=Old system CA\n[v3]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
    await writeFile(join(dir, 'leaf.cnf'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
    await openssl(['req', '-new', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'old-ca.key', '-out', 'old-ca.crt', '-config', 'old.cnf', '-days', '365'], { cwd: dir });
    await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'olduser.key', '-out', 'olduser.csr', '-subj', '/CN=olduser'], { cwd: dir });
    await openssl(['x509', '-req', '-in', 'olduser.csr', '-CA', 'old-ca.crt', '-CAkey', 'old-ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'leaf.cnf', '-out', 'olduser.crt'], { cwd: dir });
    const oldUser = { cert: await readFile(join(dir, 'olduser.crt'), 'utf8'), key: await readFile(join(dir, 'olduser.key'), 'utf8') };

    await cli('ca', 'init', '--subject', 'CN=New CA');
    await cli('ca', 'trust', 'add', 'old-ca.crt');
    await cli('user', 'issue', 'modern', '--email', 'modern@example.com');
    await cli('user', 'issue', 'legacy', '--email', 'legacy@example.com', '--p12-profile', 'legacy');

    // The seed guide's hand-made `ca.crt: {{ old_ca }}{{ new_ca }}`: the same CAs, under tls.crt (the key the controller reads).
    const newCa = (await cli('ca', 'show', '--pem')).stdout;
    await writeFile(join(dir, 'handmade.pem'), (await readFile(join(dir, 'old-ca.crt'), 'utf8')) + newCa);
    expect((await cliResult('bundle', 'diff', 'handmade.pem')).stdout).toMatch(/Same CAs/);
    // Only the old CA in the file: the store's bundle adds the new one. A found difference is exit 9 (a check
    // found a problem), never 1 (a bug).
    const differ = await cliResult('bundle', 'diff', 'old-ca.crt', '--json');
    expect(differ.code, differ.stderr).toBe(9);
    expect(differ.json<{ same: boolean; added: { subject: string }[]; removed: unknown[] }>()).toMatchObject({ same: false, added: [{ subject: 'CN=New CA' }], removed: [] });

    const stranger = await (async () => {
      await openssl(['req', '-new', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'x.key', '-out', 'x.crt', '-subj', '/CN=stranger', '-days', '30'], { cwd: dir });
      return { cert: await readFile(join(dir, 'x.crt'), 'utf8'), key: await readFile(join(dir, 'x.key'), 'utf8') };
    })();

    const during = await through({ old: oldUser, modern: await identity('modern'), legacy: await identity('legacy'), stranger });
    expect(during).toMatchObject({ old: accepted, modern: accepted, legacy: accepted });
    expect(during.stranger).toEqual(refused('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'));

    const status = (await cli('migrate', 'status', '--json')).json<{ cas: { role: string; tracked: boolean }[] }>();
    expect(status.cas.map((c) => [c.role, c.tracked])).toEqual([
      ['active', true],
      ['imported', false],
    ]);
    const oldFp = (await openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', 'old-ca.crt'], { cwd: dir })).split('=')[1]!.trim();
    const retire = await cliResult('ca', 'retire', oldFp, '--yes');
    expect(retire.code).toBe(0);
    expect(retire.stderr).toMatch(/no longer trusted/);

    const after = await through({ old: oldUser, modern: await identity('modern'), legacy: await identity('legacy') });
    expect(after.old).toEqual(refused('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'));
    expect(after).toMatchObject({ modern: accepted, legacy: accepted });
  });

  it('keeps a rotated CA trusted, blocks retiring it while users depend on it, and retires it after renewal', async () => {
    const before = await identity('modern');
    await cli('ca', 'rotate'); // same subject DN as the old CA: clients are told apart by the key identifiers
    await cli('user', 'issue', 'fresh', '--email', 'fresh@example.com');
    expect(await through({ before, fresh: await identity('fresh') })).toMatchObject({ before: accepted, fresh: accepted });

    const rotated = (await cli('migrate', 'status', '--json')).json<{ cas: { role: string; fingerprint: string; users: string[]; canRetire: boolean }[] }>().cas.find((c) => c.role === 'rotated')!;
    expect(rotated.users).toEqual(['legacy', 'modern']);
    const blocked = await cliResult('ca', 'retire', rotated.fingerprint, '--yes');
    expect(blocked.code).toBe(7);
    expect(blocked.stderr).toMatch(/legacy, modern/);

    await cli('user', 'renew', 'modern');
    await cli('user', 'renew', 'legacy');
    await cli('ca', 'retire', rotated.fingerprint.slice(0, 16), '--yes');
    const after = await through({ before, renewed: await identity('modern'), legacy: await identity('legacy') });
    expect(after.before).toEqual(refused('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'));
    expect(after).toMatchObject({ renewed: accepted, legacy: accepted });
  });
});

describe('revocation at the ingress through a real haproxy', () => {
  it('refuses a revoked certificate with the CRL (crl-file) and with the deny rules, and accepts the others', async () => {
    const victim = await identity('fresh');
    const bystander = await identity('modern');
    await cli('user', 'revoke', 'fresh', '--reason', 'keyCompromise', '--yes');
    const withCrl = await through({ victim, bystander }, { crl: true });
    expect(withCrl.victim).toEqual(refused('ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED'));
    expect(withCrl.bystander).toMatchObject(accepted);
    const withDeny = await through({ victim, bystander }, { deny: true });
    expect(withDeny.victim).toMatchObject({ status: 403 });
    expect(withDeny.bystander).toMatchObject(accepted);
  });

  it('refuses an expired certificate', async () => {
    const past = new Date(Date.now() - 30 * 86_400_000);
    const dir = join(home.path, 'expired-store');
    const ctx = { store: new PkiStore(new DirectoryKvBackend(dir)), now: () => past };
    await initCa(ctx);
    const { record } = await issueClient(ctx, { username: 'late', email: 'late@example.com', validityDays: 7 });
    const expiredEnv = { ...env(), MTLSCTL_HOME: dir };
    const tlsCrt = (await runCli(['bundle', 'show', '--pem'], { env: expiredEnv })).stdout;
    const haproxy = await startHaproxy({ certPem: server.certPem, keyPem: server.keyPem, caFilePem: tlsCrt });
    try {
      const response = await requestThroughHaproxy({ port: haproxy.port, ca: server.caPem, pfx: Buffer.from(record.p12Base64, 'base64'), passphrase: record.p12Password });
      expect(response).toEqual(refused('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED'));
    } finally {
      await haproxy.close();
    }
  });
});
