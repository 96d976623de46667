import { describe, expect, it } from 'vitest';
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
});
