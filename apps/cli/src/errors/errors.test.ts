import { errorClassProblems } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import { InputFileError } from './input-file-error.js';
import { OutputExistsError, OutputFileError } from './output-file-errors.js';
import { PassphraseMissingError } from './passphrase-missing-error.js';
import { SecretNeededError } from './secret-needed-error.js';
import { StoreFlagError, StoreNotFoundError } from './store-errors.js';

describe('CLI errors', () => {
  it('every error class: isInstance true only for its own instances, published codes, one message style', () => {
    const module = { InputFileError, OutputExistsError, OutputFileError, PassphraseMissingError, SecretNeededError, StoreFlagError, StoreNotFoundError };
    const samples = [
      new InputFileError('ca.pem', 'no such file'),
      new OutputExistsError('alice.p12'),
      new OutputFileError('out/alice.p12', 'its directory does not exist'),
      new PassphraseMissingError(),
      new SecretNeededError('the p12 password', '--password-file'),
      new StoreFlagError('Vault', 'no such directory (dir:<path> names a store to create)'),
      new StoreNotFoundError('/tmp/none', 'the directory does not exist'),
    ];
    expect(errorClassProblems(module, samples)).toEqual([]);
  });
});
