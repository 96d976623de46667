import { type ErrorCode, MtlsctlError } from '@mtlsctl/errors';

/** What a {@link VaultError} is built from. */
export interface VaultErrorParams {
  /** HTTP status, or undefined when no answer came (network error, timeout). */
  status: number | undefined;
  /** The API path, e.g. `secret/data/pki/ca` (never a token). */
  path: string;
  method: string;
  /** Vault's `errors` array, or the network error code (`ECONNREFUSED`, `ETIMEDOUT`). */
  details: string[];
  /** How many times the request was sent. */
  attempts: number;
  message?: string;
  /** A published code (default `VAULT_REQUEST_FAILED`); the kind follows from it. */
  code?: ErrorCode;
  isRetryable?: boolean;
}

/**
 * A Vault request failed (network error, timeout, 5xx, 429, unexpected 4xx). Its subclasses name the common
 * cases: {@link PermissionDeniedError} (403) and {@link VaultSealedError} (503). Never carries the token.
 */
export class VaultError extends MtlsctlError {
  readonly status: number | undefined;
  /** True for failures a later retry may cure (5xx, 429, network errors, timeouts). */
  readonly isRetryable: boolean;
  readonly path: string;
  readonly method: string;
  readonly details: string[];
  readonly attempts: number;

  constructor(params: VaultErrorParams) {
    const what = params.status === undefined ? (params.details[0] ?? 'no answer') : `HTTP ${params.status}${params.details.length > 0 ? ` (${params.details.join('; ').slice(0, 300)})` : ''}`;
    const tries = params.attempts > 1 ? ` after ${params.attempts} attempts` : '';
    super({
      code: params.code ?? 'VAULT_REQUEST_FAILED',
      message: params.message ?? `the Vault request ${params.method} ${params.path} failed${tries}: ${what}`,
    });
    this.status = params.status;
    this.isRetryable = params.isRetryable ?? isRetryableStatus(params.status);
    this.path = params.path;
    this.method = params.method;
    this.details = params.details;
    this.attempts = params.attempts;
  }
}

/** 5xx, 429 and no answer at all may pass; other 4xx will not. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}
