import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';

const run = promisify(execFile);
/** The variables that say how this machine reaches the network (proxies, extra CAs), passed on to npm. */
const NETWORK_ENV = /^(https?_proxy|no_proxy|HTTPS?_PROXY|NO_PROXY|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR)$/;
const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: TempDir;

beforeAll(async () => {
  dir = await makeTempDir('mtlsctl-install-');
});
afterAll(async () => {
  await dir.remove();
});

describe('mtlsctl installed from its tarball, without the monorepo', () => {
  it('packs into one tarball that `npm install -g` puts in an empty prefix, and the installed mtlsctl works', async () => {
    const packed = await run(process.execPath, [join(root, 'scripts/pack-cli.mjs'), join(dir.path, 'out')], { cwd: root });
    const tarball = packed.stdout.trim();
    expect(tarball).toMatch(/mtlsctl-cli-0\.1\.0\.tgz$/);

    // An empty prefix, a clean environment, from a directory outside the workspace: no workspace links can help.
    // What reaches the registry stays as the user has it: the proxy and CA variables, and the npmrc files (a
    // `--prefix` install reads <prefix>/etc/npmrc and HOME moved ~/.npmrc, so both are named; on a machine whose
    // registry traffic goes through a TLS-intercepting proxy, their `cafile` is what lets npm fetch at all).
    const prefix = join(dir.path, 'prefix');
    const home = join(dir.path, 'home');
    const npmConfig = async (key: string) => (await run('npm', ['config', 'get', key], { cwd: dir.path })).stdout.trim();
    const network = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => NETWORK_ENV.test(e[0]) && e[1] !== undefined));
    const env: Record<string, string> = {
      ...network,
      PATH: `${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}`,
      HOME: home,
      npm_config_cache: join(process.env['HOME'] ?? home, '.npm'),
      npm_config_globalconfig: await npmConfig('globalconfig'),
      npm_config_userconfig: await npmConfig('userconfig'),
    };
    await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: dir.path, env, timeout: 300_000 });
    const installed = join(prefix, 'lib/node_modules/@mtlsctl/cli');
    // The workspace packages are inside the bundle: none is installed as a package, none is asked of the registry.
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@mtlsctl/'))).toEqual([]);
    expect(await readdir(join(installed, 'node_modules'))).not.toContain('@mtlsctl');

    const mtlsctl = (...args: string[]) => run('mtlsctl', args, { cwd: dir.path, env: { ...env, MTLSCTL_HOME: join(dir.path, 'store') } });
    expect((await mtlsctl('--version')).stdout).toMatch(/^@mtlsctl\/cli\/0\.1\.0 /);
    expect((await mtlsctl('ca', 'init', '--subject', 'CN=Installed CA')).stdout).toMatch(/Created the CA/);
    await mtlsctl('user', 'issue', 'alice', '--email', 'alice@example.com');
    const pem = await mtlsctl('user', 'show', 'alice', '--pem');
    expect(await openssl(['x509', '-noout', '-subject', '-issuer'], { input: pem.stdout })).toMatch(/subject=CN = alice[\s\S]*issuer=CN = Installed CA/);
  }, 600_000);
});
