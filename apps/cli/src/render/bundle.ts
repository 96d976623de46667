import { type BundleDiff, renderBundleDiff as renderDiffLines } from '@mtlsctl/bundle-merge';
import type { CaView } from '@mtlsctl/authority';
import { renderer } from './renderer.js';
import { day, renderTable } from './table.js';

/** A CA in `bundle diff --json`. */
export interface BundleDiffCa {
  fingerprint: string;
  subject: string;
}

/** `bundle diff --json`: whether the stored bundle holds the same CAs as the file, and which it adds and removes. */
export interface BundleDiffJson {
  same: boolean;
  added: BundleDiffCa[];
  removed: BundleDiffCa[];
}

/**
 * `bundle diff` (the file as the old bundle, the store's as the new): `Same CAs.`, or bundle-merge's `+`/`-` lines
 * with validity and fingerprint; as JSON the added and removed CAs.
 */
export const renderBundleDiff = renderer<BundleDiff, BundleDiffJson>({
  text: (diff) => (isSame(diff) ? 'Same CAs.' : renderDiffLines(diff)),
  json: (diff): BundleDiffJson => {
    const ca = (e: BundleDiff['added'][number]): BundleDiffCa => ({ fingerprint: e.fingerprint, subject: e.subject });
    return { same: isSame(diff), added: diff.added.map(ca), removed: diff.removed.map(ca) };
  },
});

/** Whether the two bundles hold the same CAs. */
function isSame(diff: BundleDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0;
}

/** A CA of the trust bundle in `bundle show --json`. */
export interface BundleShowCa {
  role: CaView['trusted'][number]['role'];
  fingerprint: string;
  subject: string;
  notAfter: CaView['trusted'][number]['notAfter'];
}

/** `bundle show --json`: the exact `tls.crt` and its CAs. */
export interface BundleShowJson {
  tlsCrt: string;
  cas: BundleShowCa[];
}

/** `bundle show`: the store's CA view, and whether to print the exact `tls.crt`. */
export interface BundleShowResult {
  view: CaView;
  pem: boolean;
}

/** `bundle show`: a table of the bundle's CAs, or the exact `tls.crt` (`--pem`); as JSON the `tls.crt` and its CAs. */
export const renderBundleShow = renderer<BundleShowResult, BundleShowJson>({
  text: ({ view, pem }) =>
    // The command logs the text with its own newline; the PEM ends with exactly one.
    pem
      ? view.bundlePem.replace(/\n$/, '')
      : renderTable(view.trusted, [
          ['ROLE', (t) => t.role],
          ['SHA-256', (t) => t.fingerprint],
          ['NOT AFTER', (t) => day(t.notAfter)],
          ['SUBJECT', (t) => t.subject],
        ]),
  json: ({ view }): BundleShowJson => ({ tlsCrt: view.bundlePem, cas: view.trusted.map((t) => ({ role: t.role, fingerprint: t.fingerprint, subject: t.subject, notAfter: t.notAfter })) }),
});
