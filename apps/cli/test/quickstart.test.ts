import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, openssl, runProcess, type TempDir } from '@mtlsctl/peers';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: TempDir;

beforeAll(async () => {
  dir = await makeTempDir('mtlsctl-quickstart-');
});
afterAll(async () => {
  await dir.remove();
});

describe("the README's quick start", () => {
  it('names `npm run quickstart` and `npm test` as its two commands', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Using it'));
    expect(quickStart).toMatch(/^npm run quickstart\b/m);
    expect(quickStart).toMatch(/^npm test\b/m);
    expect(await readFile(join(root, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('`npm run quickstart` makes a CA, a user and a p12 that openssl opens, and can run again', async () => {
    const home = join(dir.path, 'qs');
    for (const run of [1, 2]) {
      const result = await runProcess('npm', ['run', 'quickstart'], { cwd: root, env: { MTLSCTL_HOME: home }, timeoutMs: 300_000 });
      expect(result.code, `run ${run}: ${result.stderr}`).toBe(0);
      const out = result.stdout.toString();
      expect(out).toMatch(run === 1 ? /1\. CA\s+created/ : /1\. CA\s+reused/);
      expect(out).toMatch(/4\. Verified\s+yes/);
      expect(out).toMatch(/alice\s+alice@example\.com\s+active/);
    }
    const p12 = join(home, 'alice.p12');
    expect((await stat(p12)).mode & 0o777).toBe(0o600);
    const password = (await readFile(join(home, 'alice.p12.password'), 'utf8')).trim();
    expect(await openssl(['pkcs12', '-nokeys', '-passin', `pass:${password}`, '-in', p12])).toContain('subject=CN = alice');
  });
});
