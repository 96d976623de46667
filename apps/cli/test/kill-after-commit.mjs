// Preloaded (`node --import`) into an mtlsctl child process by the crash tests: after the Nth commit of the
// directory store (its link(2) of a new generation file), the process kills itself with SIGKILL, as a crash
// or `kill -9` would stop it right there. MTLSCTL_TEST_KILL_AFTER_COMMIT=N; 0 only counts (printed on exit).
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const limit = Number(process.env.MTLSCTL_TEST_KILL_AFTER_COMMIT ?? '0');
const link = fsp.link;
let commits = 0;
fsp.link = async (...args) => {
  await link(...args);
  commits += 1;
  if (commits === limit) process.kill(process.pid, 'SIGKILL');
};
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write(`[kill-after-commit] commits=${commits}\n`));
