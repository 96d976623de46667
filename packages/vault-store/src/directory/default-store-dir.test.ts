import { describe, expect, it } from 'vitest';
import { StoreConfigError } from '../errors/store-config-error.js';
import { defaultStoreDir } from './default-store-dir.js';

describe('defaultStoreDir', () => {
  it.each([
    [{ MTLSCTL_HOME: '/srv/mtlsctl' }, '/srv/mtlsctl'],
    [{ MTLSCTL_HOME: '/srv/mtlsctl', XDG_DATA_HOME: '/x' }, '/srv/mtlsctl'],
    [{ XDG_DATA_HOME: '/data' }, '/data/mtlsctl'],
    [{ XDG_DATA_HOME: 'relative' }, '/home/ada/.local/share/mtlsctl'],
    [{}, '/home/ada/.local/share/mtlsctl'],
  ])('resolves %j to %s', (env, expected) => {
    expect(defaultStoreDir(env, '/home/ada')).toBe(expected);
  });

  it("never puts the store under the working directory when HOME is empty or relative: the account's home is used", () => {
    expect(defaultStoreDir({}, '', () => '/home/ada')).toBe('/home/ada/.local/share/mtlsctl');
    expect(defaultStoreDir({}, 'rel', () => '/home/ada')).toBe('/home/ada/.local/share/mtlsctl');
  });

  it('refuses (StoreConfigError naming HOME) when no home is absolute', () => {
    const noAccount = () => {
      throw new Error('no passwd entry');
    };
    expect(() => defaultStoreDir({}, '', noAccount)).toThrow(StoreConfigError);
    expect(() => defaultStoreDir({}, '', () => '')).toThrow(/HOME is empty and the account has no home directory: set MTLSCTL_HOME/);
  });
});
