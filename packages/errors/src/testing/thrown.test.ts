import { describe, expect, it } from 'vitest';
import { rejection, thrown } from './thrown.js';

describe('thrown', () => {
  it('returns what the call throws', () => {
    const error = new RangeError('out of range');
    expect(
      thrown(() => {
        throw error;
      }),
    ).toBe(error);
  });

  it('throws when the call returns, so a test that expects a throw fails', () => {
    expect(() => thrown(() => 42)).toThrow('expected a throw, but the call returned [object Number]');
    expect(() => thrown(() => 'fine')).toThrow('the call returned "fine"');
  });
});

describe('rejection', () => {
  it('returns the reason a call or a promise rejects with', async () => {
    const error = new Error('sealed');
    expect(await rejection(() => Promise.reject(error))).toBe(error);
    expect(await rejection(Promise.reject(error))).toBe(error);
  });

  it('rejects when the promise resolves, so a test that expects a rejection fails', async () => {
    await expect(rejection(() => Promise.resolve(undefined))).rejects.toThrow('expected a rejection, but the promise resolved to undefined');
  });
});
