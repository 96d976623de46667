import { errorClassProblems } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import * as vaultStore from '../index.js';

describe('vault-store errors', () => {
  it('every exported error class: isInstance true only for its own instances and subclasses, published codes, one message style', () => {
    const request = { path: 'secret/data/pki/ca', method: 'GET' };
    const samples = [
      new vaultStore.CasConflictError({ path: 'clients/alice', expectedVersion: 2, where: 'the directory store' }),
      new vaultStore.CasConflictError({ path: 'clients/alice', expectedVersion: 0 }),
      new vaultStore.CorruptRecordError({ path: 'ca', field: 'certificatePem', reason: 'is not a string' }),
      new vaultStore.InvalidKvInputError({ path: 'ca', problem: 'the value is not an object' }),
      new vaultStore.InventoryWriteError({ path: 'clients/alice', version: 3, cause: new vaultStore.VaultError({ ...request, status: 503, details: ['timeout'], attempts: 4 }) }),
      new vaultStore.InvalidPathSegmentError({ what: 'username', value: '../x', reason: 'it contains ".."' }),
      new vaultStore.NotFoundError({ path: 'clients/bob', what: 'client "bob"' }),
      new vaultStore.StoreConfigError({ setting: 'VAULT_ADDR', message: 'VAULT_ADDR is not set: pass --vault-addr or export VAULT_ADDR' }),
      new vaultStore.VaultError({ ...request, status: 500, details: ['internal error'], attempts: 4 }),
      new vaultStore.VaultError({ ...request, status: undefined, details: ['ECONNREFUSED'], attempts: 1 }),
      new vaultStore.PermissionDeniedError({ ...request, capability: 'read', policyHint: 'mtlsctl-admin' }),
      new vaultStore.VaultSealedError({ ...request, details: ['Vault is sealed'], attempts: 3, addr: 'https://127.0.0.1:8200' }),
      new vaultStore.VaultSealedError({ ...request, details: [], attempts: 3, addr: 'https://127.0.0.1:8200' }),
      new vaultStore.VaultMountError({ mount: 'secret', found: 'KV version 1', fix: 'pass another --vault-mount for mtlsctl' }),
      new vaultStore.VaultMountError({ mount: 'mtls', found: 'nothing', fix: 'run `mtlsctl vault init --vault-mount mtls`' }),
    ];
    expect(errorClassProblems(vaultStore, samples)).toEqual([]);
  });

  it('a PermissionDeniedError is a VaultError, a VaultError is not a PermissionDeniedError', () => {
    const denied = new vaultStore.PermissionDeniedError({ path: 'p', method: 'GET', capability: 'read', policyHint: 'mtlsctl-admin' });
    const failed = new vaultStore.VaultError({ path: 'p', method: 'GET', status: 500, details: [], attempts: 1 });
    expect([vaultStore.VaultError.isInstance(denied), vaultStore.PermissionDeniedError.isInstance(failed), vaultStore.VaultSealedError.isInstance(denied)]).toEqual([true, false, false]);
  });
});
