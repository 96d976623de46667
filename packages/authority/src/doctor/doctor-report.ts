import type { Check } from '../checklist.js';

/** What `mtlsctl doctor` found: every check in order, and whether none failed. */
export interface DoctorReport {
  /** False when any check is `fail` (warnings do not fail). */
  ok: boolean;
  store: 'vault' | 'directory';
  checks: Check[];
}

/** Thresholds of the expiry checks, in days. */
export interface DoctorThresholds {
  /** Warn when the active CA expires within this many days (default 90). */
  caWarnDays?: number;
  /** Warn when the CRL's nextUpdate is within this many days (default 7; CRLs are published for 30). */
  crlWarnDays?: number;
  /** Warn when a token expires within this many days (default 7). */
  tokenWarnDays?: number;
}
