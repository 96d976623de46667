import { decodePemBlocks, encodePem, parseCrl, type PemBlock } from '@mtlsctl/pki-core';
import type { BundleEntry } from './bundle-entry.js';
import { CrlCoverageError, CrlFileError } from './errors/crl-file-error.js';

/** Options of {@link renderHaproxyCrlFile}. */
export interface CrlFileOptions {
  /** The trusted CAs (the `ca-file`): when given, each must have a CRL, else CrlCoverageError. */
  cas?: readonly BundleEntry[];
  /** With `cas`: also require each CA's CRL to be current at this instant (thisUpdate <= now <= nextUpdate). */
  now?: Date;
}

interface ParsedCrl {
  der: Uint8Array;
  issuer: string;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
}

/**
 * Renders the file for HAProxy's `crl-file` bind option: the newest CRL of each issuer (by thisUpdate),
 * ordered by issuer, each as an `X509 CRL` PEM block (the label OpenSSL and HAProxy read; `CRL` blocks as
 * @peculiar/x509 writes them are relabelled), with a trailing newline.
 *
 * @param crlPems - PEM texts, each with one or more CRL blocks
 * @param options - see {@link CrlFileOptions}; pass `cas` (and `now`) to refuse a file that would make
 *   HAProxy reject every client of a CA
 * @throws CrlFileError for a block that is not a CRL or no CRL at all; CrlCoverageError (see options)
 * @example
 * const crlFile = renderHaproxyCrlFile([oldCaCrl, newCaCrl], { cas: bundle, now: new Date() });
 */
export function renderHaproxyCrlFile(crlPems: readonly string[], options: CrlFileOptions = {}): string {
  const newest = new Map<string, ParsedCrl>();
  crlPems.forEach((text, index) => {
    for (const crl of parseCrls(text, index + 1)) {
      const current = newest.get(crl.issuer);
      if (current === undefined || crl.thisUpdate.getTime() > current.thisUpdate.getTime()) newest.set(crl.issuer, crl);
    }
  });
  if (newest.size === 0) throw new CrlFileError('no CRL given: HAProxy cannot load an empty crl-file; leave crl-file out instead');
  if (options.cas !== undefined) checkCoverage(options.cas, newest, options.now);
  return [...newest.values()]
    .sort((a, b) => (a.issuer < b.issuer ? -1 : a.issuer > b.issuer ? 1 : 0))
    .map((crl) => encodePem('X509 CRL', crl.der))
    .join('');
}

function parseCrls(text: string, input: number): ParsedCrl[] {
  let blocks: PemBlock[];
  try {
    blocks = decodePemBlocks(text);
  } catch (error) {
    throw new CrlFileError(`input ${input} is not well-formed PEM: ${(error as Error).message}`, error);
  }
  return blocks.map(({ label, der }, index) => {
    const where = `input ${input}, block ${index + 1}`;
    if (label !== 'X509 CRL' && label !== 'CRL') {
      throw new CrlFileError(`${where} is a "${label}", not an X509 CRL${/PRIVATE KEY$/.test(label) ? ' (a private key: remove it, never ship it)' : ''}`);
    }
    try {
      const crl = parseCrl(der);
      return { der, issuer: crl.issuer, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
    } catch (error) {
      throw new CrlFileError(`${where} is not a valid DER CRL: it is truncated or damaged`, error);
    }
  });
}

function checkCoverage(cas: readonly BundleEntry[], crls: Map<string, ParsedCrl>, now: Date | undefined): void {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const ca of cas) {
    const crl = crls.get(ca.subject);
    if (crl === undefined) missing.push(ca.subject);
    else if (now !== undefined && !isCurrent(crl, now)) stale.push(ca.subject);
  }
  if (missing.length > 0 || stale.length > 0) throw new CrlCoverageError(missing, stale);
}

function isCurrent(crl: ParsedCrl, now: Date): boolean {
  const t = now.getTime();
  return crl.thisUpdate.getTime() <= t && (crl.nextUpdate === undefined || t <= crl.nextUpdate.getTime());
}
