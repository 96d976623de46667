import { errorClassProblems } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import * as pkiCore from '../index.js';

describe('pki-core errors', () => {
  it('every exported error class: isInstance true only for its own instances and subclasses, published codes, one message style', () => {
    const samples = [
      new pkiCore.PemFormatError('the base64 body is damaged', 3),
      new pkiCore.PemLabelError('CERTIFICATE', 'PRIVATE KEY', 'pass the certificate file'),
      new pkiCore.DerDecodeError('X.509 certificate', 'unexpected end of data'),
      new pkiCore.CredentialsWorkerError('the thread exited with code 1', 'KEY_UNSUPPORTED'),
      new pkiCore.UnsupportedKeyError('ed448 keys are not supported'),
      new pkiCore.NotAfterBeyondIssuerError(new Date('2031-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z')),
      new pkiCore.CsrSignatureError(),
      new pkiCore.CsrPolicyError('the CSR asks for a CA certificate'),
      new pkiCore.InvalidNameError('the subject has no CN'),
      new pkiCore.InvalidValidityError('notBefore is after notAfter'),
      new pkiCore.InvalidParameterError('days', 'must be a positive integer'),
      new pkiCore.IssuerNotCaError('CN=leaf', 'it has no basicConstraints CA flag'),
      new pkiCore.IssuerKeyMismatchError('CN=ca'),
      new pkiCore.IssuerPathLengthError('CN=ca', 0, 1),
      new pkiCore.Pkcs12PasswordError({ detail: 'the MAC does not match' }),
      new pkiCore.Pkcs12FormatError({ code: 'P12_ALGORITHM_UNSUPPORTED', message: 'this PKCS#12 file uses RC2', oid: '1.2.840.113549.3.2' }),
      new pkiCore.Pkcs12InputError({ code: 'P12_PASSWORD_EMPTY', message: 'the PKCS#12 password is empty' }),
    ];
    expect(errorClassProblems(pkiCore, samples)).toEqual([]);
  });
});
