import { errorClassProblems } from '@mtlsctl/errors/testing';
import { NotFoundError } from '@mtlsctl/vault-store';
import { describe, expect, it } from 'vitest';
import * as authority from '../index.js';

describe('authority errors', () => {
  it('every exported error class: isInstance true only for its own instances, published codes, one message style', () => {
    const fingerprint = 'ab'.repeat(32);
    const samples = [
      new authority.InvalidUsernameError('../etc', "it contains '..'"),
      new authority.InvalidEmailError('bad-email', 'it has no @'),
      new authority.UsersCsvError([{ line: 3, message: 'invalid username "../x"' }, { line: 4, message: 'invalid email "y"' }]),
      new authority.UsersCsvError(Array.from({ length: 25 }, (_, i) => ({ line: i + 2, message: 'Invalid Record Length' }))),
      new authority.InvalidFingerprintError('xyz'),
      new authority.NoCaError(),
      new authority.CaExistsError(fingerprint),
      new authority.CaKeyMismatchError(fingerprint, 'cd'.repeat(32)),
      new authority.CaKeyLockedError(),
      new authority.CaPassphraseWrongError(),
      new authority.RetireBlockedError(fingerprint, ['alice'], '1 active certificate chains only to it'),
      new authority.RetireBlockedError(fingerprint, [], 'it is the active CA'),
      new authority.TrustedCaNotFoundError('abcd1234'),
      new authority.NotACaCertificateError('CN=leaf', 'it is not a CA certificate'),
      new authority.NoCrlError(),
      new authority.SameSubjectError('CN=Acme CA, O=Acme'),
      new authority.ClientExistsError('alice'),
      new authority.ClientNotFoundError('bob'),
      new authority.ClientRevokedError('carol'),
      new authority.NoPrivateKeyError('dave'),
      new authority.CsrRequiredError('erin'),
      new authority.ConcurrentIssuanceError('frank'),
      new authority.ConcurrentIssuanceError('frank', { since: '2026-01-01T00:00:00Z', retryAfterSeconds: 30 }),
      new authority.SerialNotFoundError('gina', '0a1b'),
      new authority.ClientPendingError('hank'),
      new authority.UsernameTakenError('Alice', 'alice'),
      new authority.EmailTakenError('bob', 'alice@example.com', ['alice']),
      new authority.UsersTakenError([{ line: 3, message: 'user alice already exists' }]),
      new authority.BackupError('this is not an mtlsctl backup (not JSON)'),
      new authority.BackupError('cannot decrypt the backup: wrong passphrase, or the file was altered', 'BACKUP_PASSPHRASE_WRONG'),
      new authority.StoreNotEmptyError('directory /tmp/x'),
      new NotFoundError({ path: 'clients/bob', what: 'client "bob"' }),
    ];
    expect(errorClassProblems(authority, samples)).toEqual([]);
  });
});
