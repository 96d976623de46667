import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** vitest globalSetup: the process tests run the built binaries (the daemon, and mtlsctl to renew), so build them first (a no-op when nx's cache is warm). */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', '@mtlsctl/sync-verifier', '@mtlsctl/cli', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
  });
}
