const marker = Symbol.for('mtlsctl.error');

/**
 * What kind of failure an error is. The CLI and the daemon map it to an exit code or a status;
 * libraries never print or exit.
 *
 * - `invalid-input`: the caller gave something malformed (a PEM, a username, a flag value).
 * - `not-found`: the thing asked for does not exist.
 * - `conflict`: the store changed underneath (check-and-set) or the thing already exists.
 * - `denied`: the credentials lack a permission (Vault 403, Kubernetes 403).
 * - `upstream`: a server or peer failed (5xx, sealed Vault, network).
 * - `invalid-state`: the operation cannot run in the store's current state (no CA yet, CA key mismatch).
 */
export type ErrorKind = 'invalid-input' | 'not-found' | 'conflict' | 'denied' | 'upstream' | 'invalid-state';

/**
 * Base class of every error mtlsctl's libraries throw.
 *
 * `isInstance` checks a global marker rather than the prototype chain, so it still works when two
 * copies of a package are loaded.
 */
export class MtlsctlError extends Error {
  private readonly [marker] = true;
  /** A stable, machine-readable code such as `PEM_WRONG_TYPE` (part of `--json` output). */
  readonly code: string;
  /** The failure category, see {@link ErrorKind}. */
  readonly kind: ErrorKind;

  constructor(params: { code: string; kind: ErrorKind; message: string; cause?: unknown }) {
    super(params.message, params.cause === undefined ? undefined : { cause: params.cause });
    this.name = new.target.name;
    this.code = params.code;
    this.kind = params.kind;
  }

  /** True when `error` is an MtlsctlError from any copy of this package. */
  static isInstance(error: unknown): error is MtlsctlError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
