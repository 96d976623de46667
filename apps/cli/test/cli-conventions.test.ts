import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const env = () => ({ HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') });
const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home.path });

/** Every command id, from the built command files (`user/issue.js` → `user issue`). */
async function commandIds(): Promise<string[]> {
  const dir = fileURLToPath(new URL('../dist/commands', import.meta.url));
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.js'));
  return files.map((f) => relative('.', f).replace(/\.js$/, '').split('/').join(' ')).sort();
}

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-conventions-');
});
afterAll(async () => {
  await home.remove();
});

describe('mtlsctl help', () => {
  it('answers -h and -v like --help and --version', async () => {
    const short = await cli('-h');
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/^TOPICS/m);
    expect(short.stdout).toBe((await cli('--help')).stdout);
    expect((await cli('user', 'issue', '-h')).stdout).toContain('--p12-profile');
    expect((await cli('-v')).stdout).toMatch(/^@mtlsctl\/cli\/0\.1\.0 /);
  });

  it('has, for every command, the shared flags once in their sections, examples with the prompt, durations as durations', async () => {
    const ids = await commandIds();
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) {
      const help = await cli(...id.split(' '), '--help');
      expect(help.code, id).toBe(0);
      const text = help.stdout;
      expect(text, id).not.toMatch(/guide'?s step|step \d/i);
      expect(text, id).not.toMatch(/\[default: \]/);
      expect(text, id).not.toMatch(/<duration>\s+\[default: \d+\]/);
      expect(text.match(/^EXAMPLES$/m), id).not.toBeNull();
      for (const example of text.slice(text.indexOf('EXAMPLES')).split('\n').filter((l) => /^\s{2}\S/.test(l))) {
        expect(example, id).toMatch(/^\s{2}\$ /);
      }
      const usage = text.slice(text.indexOf('USAGE'), text.indexOf('\n\n', text.indexOf('USAGE'))).replace(/\s+/g, ' ');
      if (text.includes('STORE FLAGS')) {
        expect(usage, id).not.toContain('--vault-mount');
        expect(usage, id).toContain('[STORE FLAGS]');
        expect(text.match(/^\s+--vault-mount=/gm), id).toHaveLength(1);
      }
    }
    const init = await cli('ca', 'init', '--help');
    expect(init.stdout).toMatch(/\[default: 10y\]/);
    expect((await cli('vault', 'init', '--help')).stdout).toMatch(/\[default: 1y\]/);
  });
});

describe('mtlsctl on a mistyped command', () => {
  it('names the command (not its arguments) in one error line and suggests the nearest, exit 2', async () => {
    const typo = await cli('user', 'isue', 'alice');
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe('error: "user isue" is not a mtlsctl command: did you mean `mtlsctl user issue`? (`mtlsctl help user` lists the commands)\n');
    const topic = await cli('usr', 'list');
    expect(topic.stderr).toMatch(/^error: "usr list" is not a mtlsctl command: did you mean `mtlsctl user list`\?/);
    const far = await cli('deploy');
    expect(far.code).toBe(2);
    expect(far.stderr).toBe('error: "deploy" is not a mtlsctl command: `mtlsctl help` lists the commands\n');
  });

  it('never prints oclif\'s own error style', async () => {
    for (const args of [['user', 'isue', 'alice'], ['user', 'issue', '--nope'], ['ca', 'init', '--validity', '1m'], ['user', 'list', '-o', 'xml']]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^error: [^\n]+\n$/);
      expect(result.stderr).not.toMatch(/›|Error:|not found/);
    }
  });
});

describe('mtlsctl autocomplete', () => {
  it('completes commands and flags in bash from the script it installs', async () => {
    const setup = await cli('autocomplete', 'script', 'bash');
    expect(setup.code).toBe(0);
    const { execFile } = await import('node:child_process');
    const complete = (words: string) =>
      new Promise<string>((resolve, reject) =>
        execFile('bash', ['-c', `${setup.stdout}\nCOMP_WORDS=(${words}); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _mtlsctl_autocomplete; echo "\${COMPREPLY[@]}"`], { env: { ...process.env, ...env() } }, (error, stdout) =>
          error ? reject(error) : resolve(stdout.trim()),
        ),
      );
    // The setup script sources the completion function the plugin caches; build the cache first, as its instructions say.
    expect((await cli('autocomplete', 'bash')).code).toBe(0);
    expect(await complete('mtlsctl user is')).toBe('issue');
    expect(await complete('mtlsctl ca init --val')).toBe('--validity');
  });
});

describe('mtlsctl durations, -o and --quiet', () => {
  it('takes one duration syntax: m is a minute, mo a month, a bare number is refused', async () => {
    const minute = await cli('ca', 'init', '--validity', '1m');
    expect(minute.stderr).toMatch(/"1m" is not a whole number of days/);
    const bare = await cli('ca', 'init', '--validity', '90');
    expect(bare.stderr).toMatch(/"90" has no unit: write 90d/);
    const upper = await cli('ca', 'init', '--validity', '1M');
    expect(upper.stderr).toMatch(/ambiguous/);
    const init = await cli('ca', 'init', '--validity', '18mo', '--json');
    expect(init.code).toBe(0);
    const { notBefore, notAfter } = init.json<{ certificate: { notBefore: string; notAfter: string } }>().certificate;
    const days = (Date.parse(notAfter) - Date.parse(notBefore)) / 86_400_000;
    expect(Math.round(days)).toBe(540);
  });

  it('prints the same document with -o json as with --json, and YAML with -o yaml', async () => {
    expect((await cli('user', 'issue', 'alice', '--email', 'alice@example.com', '-q')).stdout).toBe('');
    const json = await cli('user', 'show', 'alice', '--json');
    const dashO = await cli('user', 'show', 'alice', '-o', 'json');
    expect(dashO.stdout).toBe(json.stdout);
    expect((await cli('user', 'show', 'alice', '--output=json')).stdout).toBe(json.stdout);
    const yaml = await cli('user', 'show', 'alice', '-o', 'yaml');
    expect(parseYaml(yaml.stdout)).toEqual(json.json());
    const table = await cli('user', 'list', '-o', 'table');
    expect(table.stdout).toMatch(/^USERNAME\s+EMAIL/);
    const error = await cli('user', 'show', 'nobody', '-o', 'yaml');
    expect(error.code).toBe(3);
    expect(parseYaml(error.stdout)).toMatchObject({ error: { kind: 'not-found', exitCode: 3 } });
  });

  it('with --quiet prints only what the command hands over', async () => {
    const download = await cli('user', 'download', 'alice', '-o', 'alice.p12', '--quiet');
    expect(download.code).toBe(0);
    expect(download.stdout).toMatch(/^\S{20,}\n$/);
    const noisy = await cli('user', 'download', 'alice', '-o', 'again.p12');
    expect(noisy.stdout).toMatch(/^Wrote again\.p12 \(mode 0600\)\.\np12 password: \S+\n$/);
  });
});
