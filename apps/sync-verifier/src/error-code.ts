import { MtlsctlError } from '@mtlsctl/errors';

/**
 * The label a failure is counted under in `mtlsctl_verification_source_errors_total`: an mtlsctl error's stable
 * code (`KUBE_FORBIDDEN`, `VAULT_SEALED`...), else `ERROR`. A closed set, so the series stay bounded.
 */
export function errorCode(error: unknown): string {
  return MtlsctlError.isInstance(error) ? error.code : 'ERROR';
}
