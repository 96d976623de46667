import { MtlsctlError } from '@mtlsctl/errors';

/**
 * A trust bundle with no certificate was about to be rendered. HAProxy with an empty `ca-file` refuses
 * every client (or its configuration), so an empty `tls.crt` is never written.
 */
export class EmptyBundleError extends MtlsctlError {
  constructor() {
    super({
      code: 'BUNDLE_EMPTY',
      message:
        'the trust bundle is empty: HAProxy would refuse every client certificate. Keep at least the active CA ' +
        '(check the filters: dropExpired and dropNonCa may have removed every certificate)',
    });
  }
}
