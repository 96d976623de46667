import { beforeAll, describe, expect, it } from 'vitest';
import { bothStores } from './both-stores.js';
import { runCli, type CliResult } from './run-cli.js';

/**
 * Usernames unique regardless of case and one user per email, exact across processes (issue 9): concurrent
 * `mtlsctl user issue` runs for `Alice`, `alice`, `ALICE`… (or for different users with one email) each read an
 * inventory in which none of them exists yet; the claims make exactly one of them win. Without the claims most
 * trials here end with two or more users stored.
 */

/** Trials per store and kind, and processes per trial. */
const TRIALS = 12;
const RACERS = 4;


const stores = bothStores('mtlsctl-identity-race-');

/** The same name in RACERS spellings: race3, Race3, RACE3, rAcE3. */
const spellings = (trial: number) => [`race${trial}`, `Race${trial}`, `RACE${trial}`, `rAcE${trial}`].slice(0, RACERS);

function expectOneWinner(runs: CliResult[], loser: RegExp): void {
  const codes = runs.map((r) => r.code).sort();
  expect(codes, runs.map((r) => r.stderr).join('')).toEqual([0, ...Array(runs.length - 1).fill(4)]);
  for (const lost of runs.filter((r) => r.code === 4)) {
    const errors = lost.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors, lost.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(loser);
  }
}

describe.each(stores)('concurrent issuance of one identity on %s', (_name, env, home) => {
  const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home() });
  const stored = async () => (await cli('user', 'list', '--json')).json<{ clients: { username: string; email: string }[] }>().clients;

  beforeAll(async () => {
    expect((await cli('ca', 'init', '--force', '--yes')).code).toBe(0);
  });

  it(`${RACERS} processes issuing one username in ${RACERS} letter cases: one wins, the others exit 4; ${TRIALS} trials`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const runs = await Promise.all(spellings(trial).map((name) => cli('user', 'issue', name, '--email', `${name}-${trial}@case.example.com`)));
      expectOneWinner(runs, /^error: (user \S+ already exists|another run is issuing user \S+ right now) and usernames are unique regardless of case/);
    }
    const clients = await stored();
    for (let trial = 0; trial < TRIALS; trial++) {
      expect(
        clients.filter((c) => c.username.toLowerCase() === `race${trial}`).map((c) => c.username),
        `trial ${trial}`,
      ).toHaveLength(1);
    }
  });

  it(`${RACERS} processes issuing ${RACERS} users with one email: one wins, the others exit 4; ${TRIALS} trials`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const email = `shared${trial}@Mail.example.com`;
      const users = Array.from({ length: RACERS }, (_, i) => `m${trial}u${i}`);
      const runs = await Promise.all(users.map((user, i) => cli('user', 'issue', user, '--email', i % 2 ? email.toUpperCase() : email)));
      expectOneWinner(runs, /^error: (the email \S+ is already held by user m\d+u\d|another run is issuing user m\d+u\d with the email \S+ right now)/);
    }
    const clients = await stored();
    for (let trial = 0; trial < TRIALS; trial++) {
      expect(
        clients.filter((c) => c.email.toLowerCase() === `shared${trial}@mail.example.com`),
        `trial ${trial}`,
      ).toHaveLength(1);
    }
  });
});
