import type { BundleEntry } from './bundle-entry.js';
import { EmptyBundleError } from './errors/empty-bundle-error.js';
import { mergeBundles } from './merge-bundles.js';

/**
 * Renders the `tls.crt` the haproxytech kubernetes-ingress reads for `client-ca` (HAProxy's `ca-file`):
 * every certificate once, in canonical order (see {@link compareEntries}), as PEM CERTIFICATE blocks with
 * 64-column base64, LF line ends, no blank lines, and a trailing newline. The same set of certificates
 * always gives the same bytes, so an unchanged bundle never shows up as a Secret change.
 *
 * @param entries - the CAs to trust (duplicates and order do not matter)
 * @returns the file content
 * @throws EmptyBundleError when `entries` is empty
 * @example
 * const tlsCrt = renderTlsCrt(mergeBundles(parseBundle(oldCaPem), parseBundle(newCaPem)));
 */
export function renderTlsCrt(entries: readonly BundleEntry[]): string {
  const bundle = mergeBundles(entries);
  if (bundle.length === 0) throw new EmptyBundleError();
  return bundle.map((entry) => entry.pem).join('');
}
