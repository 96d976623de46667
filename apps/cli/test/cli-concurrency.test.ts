import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothStores } from './both-stores.js';
import { runCli, type CliResult } from './run-cli.js';

/**
 * Concurrent `mtlsctl` processes issuing for the same users: of the runs for one user exactly one may sign a
 * certificate that stays; the others exit 4 with a clear line, and no certificate is overwritten untracked.
 */


const stores = bothStores('mtlsctl-cli-race-');

function expectOneWinner(runs: CliResult[]): void {
  const codes = runs.map((r) => r.code).sort();
  expect(codes, runs.map((r) => r.stderr).join('')).toEqual([0, ...Array(runs.length - 1).fill(4)]);
  for (const lost of runs.filter((r) => r.code === 4)) {
    expect(lost.stderr).toMatch(/^error: (another run changed user r\d's certificate at the same time and won|another run is issuing user r\d's certificate|user r\d already has an active certificate)/);
    expect(lost.stderr).not.toMatch(/malformed|restore it from a backup/);
  }
}

describe.each(stores)('concurrent issuance on %s', (_name, env, home) => {
  const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home() });

  beforeAll(async () => {
    expect((await cli('ca', 'init', '--force')).code).toBe(0);
  });

  it('four `user issue` processes for one user: exactly one wins, three exit 4', async () => {
    for (const user of ['r1', 'r2', 'r3']) {
      const runs = await Promise.all(Array.from({ length: 4 }, () => cli('user', 'issue', user, '--email', `${user}@example.com`)));
      expectOneWinner(runs);
      const shown = (await cli('user', 'show', user, '--json')).json<{ serial: string; earlier: unknown[]; version: number }>();
      expect(shown.earlier).toEqual([]);
    }
  });

  it('three concurrent `--from` runs of one CSV issue each user exactly once', async () => {
    const users = Array.from({ length: 12 }, (_, i) => `bulk${i}`);
    const csv = join(home(), `users-${_name.length}.csv`);
    await writeFile(csv, `username,email\n${users.map((u) => `${u},${u}@example.com`).join('\n')}\n`);
    const runs = await Promise.all(Array.from({ length: 3 }, () => cli('user', 'issue', '--from', csv, '--json')));
    for (const run of runs) expect(run.code, run.stderr + run.stdout).toBe(0);
    const issued = runs.map((r) => r.json<{ issued: number }>().issued);
    expect(issued.reduce((a, b) => a + b, 0)).toBe(users.length);
    for (const user of users.slice(0, 3)) {
      expect((await cli('user', 'show', user, '--json')).json<{ earlier: unknown[] }>().earlier).toEqual([]);
    }
  });
});
