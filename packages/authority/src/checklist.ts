/** How one check of `verify` or `doctor` came out: ✓ ok, ✗ fail, ! warn (works, but look), – skip (not applicable or not reached). */
export type CheckStatus = 'ok' | 'fail' | 'warn' | 'skip';

/** One line of a checklist: what was checked, how it came out, why, and — for a failure — the command that fixes it. */
export interface Check {
  /** Stable identifier, e.g. `vault.unsealed`, `chain`. */
  id: string;
  /** What is checked, e.g. `Vault is unsealed`. */
  title: string;
  status: CheckStatus;
  /** What was found, in one sentence. */
  detail: string;
  /** For `fail` (and some `warn`): the command (or config change) that fixes it. */
  fix?: string;
}

/** A check line without the boilerplate of optional fields. */
export function check(id: string, title: string, status: CheckStatus, detail: string, fix?: string): Check {
  return fix === undefined ? { id, title, status, detail } : { id, title, status, detail, fix };
}
