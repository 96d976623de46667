import { type BundleDiff, renderBundleDiff as renderDiffLines } from '@mtlsctl/bundle-merge';
import type { RenderFormat } from './renderer.js';

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
export function renderBundleDiff(diff: BundleDiff, format: 'text'): string;
export function renderBundleDiff(diff: BundleDiff, format: 'json'): BundleDiffJson;
export function renderBundleDiff(diff: BundleDiff, format: RenderFormat): string | BundleDiffJson {
  const same = diff.added.length === 0 && diff.removed.length === 0;
  if (format === 'text') return same ? 'Same CAs.' : renderDiffLines(diff);
  const ca = (e: BundleDiff['added'][number]): BundleDiffCa => ({ fingerprint: e.fingerprint, subject: e.subject });
  return { same, added: diff.added.map(ca), removed: diff.removed.map(ca) };
}
