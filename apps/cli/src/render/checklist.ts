import type { Check, CheckStatus } from '@mtlsctl/authority';

const SYMBOL: Record<CheckStatus, string> = { ok: '✓', fail: '✗', warn: '!', skip: '–' };

/**
 * Renders a checklist as `doctor` and `verify` print it: one line per check with ✓ ✗ ! or –, the title and what
 * was found, and under each line that has one the fix, as a command to run.
 */
export function renderChecklist(checks: readonly Check[]): string {
  const width = Math.min(44, Math.max(...checks.map((c) => c.title.length)));
  return checks
    .map((c) => {
      const line = `${SYMBOL[c.status]} ${c.title.padEnd(width)}  ${c.detail}`.trimEnd();
      return c.fix === undefined || c.status === 'ok' || c.status === 'skip' ? line : `${line}\n  fix: ${c.fix}`;
    })
    .join('\n');
}
