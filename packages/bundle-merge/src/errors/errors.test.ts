import { errorClassProblems } from '@mtlsctl/errors/testing';
import * as pkiCore from '@mtlsctl/pki-core';
import { describe, expect, it } from 'vitest';
import * as bundleMerge from '../index.js';

describe('bundle-merge errors', () => {
  it('every exported error class: isInstance true only for its own instances and subclasses, published codes, one message style', () => {
    const samples = [
      new bundleMerge.BundleParseError('a block has no END line', { block: 2, line: 7 }),
      new bundleMerge.BundleContainsPrivateKeyError('PRIVATE KEY', { block: 1, line: 1 }),
      new bundleMerge.BundleUnexpectedBlockError('X509 CRL', { block: 3 }),
      new bundleMerge.BundleInvalidCertificateError({ line: 4 }),
      new bundleMerge.EmptyBundleError(),
      new bundleMerge.InvalidSerialError('zz', 'it is not hexadecimal'),
      new bundleMerge.UnknownIssuerError('ab'.repeat(32)),
      new bundleMerge.UnsupportedIssuerNameError('CN=a"b', 'it contains a double quote'),
      // A foreign family: no bundle-merge class may claim it.
      new pkiCore.PemFormatError('the base64 body is damaged'),
    ];
    expect(errorClassProblems(bundleMerge, samples)).toEqual([]);
  });
});
