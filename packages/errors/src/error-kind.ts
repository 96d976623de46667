/**
 * What kind of failure an error is. The CLI maps it to an exit code (apps/cli/src/exit-codes.ts), a daemon to
 * a status; libraries never print or exit.
 *
 * - `invalid-input`: the caller gave something malformed (a PEM, a username, a flag value).
 * - `not-found`: the thing asked for does not exist.
 * - `conflict`: the store changed underneath (check-and-set) or the thing already exists.
 * - `denied`: the credentials lack a permission (Vault 403, Kubernetes 403).
 * - `upstream`: a server or peer failed (5xx, sealed Vault, network).
 * - `invalid-state`: the operation cannot run in the store's current state (no CA yet, CA key mismatch).
 */
export type ErrorKind = 'invalid-input' | 'not-found' | 'conflict' | 'denied' | 'upstream' | 'invalid-state';
