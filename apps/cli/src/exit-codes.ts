import type { ErrorKind } from '@mtlsctl/errors';

/**
 * mtlsctl's exit codes: 0 only on success. Documented in the README; scripts may rely on them.
 */
export const EXIT = {
  ok: 0,
  /** An unexpected failure (a bug): rerun with --debug and report it. */
  internal: 1,
  /** Bad flags, arguments or input files. */
  usage: 2,
  notFound: 3,
  /** Already exists, or changed underneath (check-and-set): nothing was written. */
  conflict: 4,
  /** The Vault token lacks a permission. */
  denied: 5,
  /** Vault or another server failed, or could not be reached. */
  upstream: 6,
  /** The store is not in a state that allows this (e.g. no CA yet). */
  invalidState: 7,
  /** A bulk operation finished with some items failed (each is reported). */
  partial: 8,
  /** A check found a problem: `verify` — HAProxy would refuse the certificate; `doctor` — a ✗ in the checklist; `monitor expiry` and `user list --expiring` — something expires within the window; `bundle diff` — the bundles differ; `quickstart` — the p12 it wrote did not verify. */
  checkFailed: 9,
  /** Interrupted by SIGINT/SIGTERM; rerun to resume. */
  interrupted: 130,
} as const;

/** The exit code for a library error's kind. */
export function exitCodeFor(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid-input':
      return EXIT.usage;
    case 'not-found':
      return EXIT.notFound;
    case 'conflict':
      return EXIT.conflict;
    case 'denied':
      return EXIT.denied;
    case 'upstream':
      return EXIT.upstream;
    case 'invalid-state':
      return EXIT.invalidState;
  }
}
