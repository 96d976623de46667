import { runProcess, type ProcessResult } from './run-process.js';

/** `promtool` is not installed; the message says how to get it. */
export class PromtoolMissingError extends Error {
  constructor() {
    super('promtool is not installed: it comes with the Debian package prometheus (apt-get install prometheus; scripts/ensure-deps.sh installs it)');
    this.name = 'PromtoolMissingError';
  }
}

/** What promtool printed and how it ended; `ok` is exit status 0. */
export interface PromtoolResult {
  ok: boolean;
  code: number | null;
  output: string;
}

/**
 * Runs the real `promtool` (from the Debian `prometheus` package), never through a shell. A failing check is a
 * result (`ok: false` with promtool's output), not a throw.
 *
 * @param args - e.g. `['check', 'rules', file]`, `['test', 'rules', testFile]`, `['check', 'metrics']`
 * @param options.input - standard input (`check metrics` reads the exposition text from it)
 * @param options.cwd - working directory (rule test files name their rule files relative to themselves)
 * @throws PromtoolMissingError when promtool is not on the PATH
 * @example
 * const { ok, output } = await promtool(['check', 'rules', 'mtlsctl.rules.yml']);
 */
export async function promtool(args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<PromtoolResult> {
  let result: ProcessResult;
  try {
    result = await runProcess('promtool', args, { ...options, timeoutMs: 120_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new PromtoolMissingError();
    throw error;
  }
  return { ok: result.code === 0, code: result.code, output: `${result.stdout.toString('utf8')}${result.stderr}` };
}
