import { describe, expect, it } from 'vitest';
import * as errors from './index.js';
import { MtlsctlError } from './mtlsctl-error.js';
import { errorClassProblems, messageStyleProblems } from './testing/error-class-problems.js';

class AlphaError extends MtlsctlError {
  constructor() {
    super({ code: 'PEM_INVALID', message: 'alpha went wrong' });
  }
}
class AlphaChildError extends AlphaError {}
class BetaError extends MtlsctlError {
  constructor(readonly detail: string) {
    super({ code: 'CA_MISSING', message: `beta: ${detail}`, cause: new Error('root') });
  }
}

describe('MtlsctlError', () => {
  it('takes its kind from the published code', () => {
    expect(new BetaError('x')).toMatchObject({ code: 'CA_MISSING', kind: 'invalid-state', name: 'BetaError', message: 'beta: x' });
    expect(new BetaError('x').cause).toEqual(new Error('root'));
  });

  it('isInstance is true only for an instance of the class or of a subclass', () => {
    const alpha = new AlphaError();
    const child = new AlphaChildError();
    const beta = new BetaError('x');
    expect([AlphaError.isInstance(alpha), AlphaError.isInstance(child), AlphaError.isInstance(beta)]).toEqual([true, true, false]);
    expect([AlphaChildError.isInstance(alpha), AlphaChildError.isInstance(child)]).toEqual([false, true]);
    expect([BetaError.isInstance(alpha), BetaError.isInstance(beta)]).toEqual([false, true]);
    expect([alpha, child, beta].every((e) => MtlsctlError.isInstance(e))).toBe(true);
  });

  it('isInstance refuses what is not an mtlsctl error', () => {
    for (const value of [new Error('x'), null, undefined, 'PEM_INVALID', { code: 'PEM_INVALID', kind: 'invalid-input' }]) {
      expect(MtlsctlError.isInstance(value)).toBe(false);
      expect(AlphaError.isInstance(value)).toBe(false);
    }
  });

  it('isInstance works across copies of a package (global markers, not prototypes)', () => {
    // A second copy of a package defines a distinct class of the same name.
    const copy = (() => {
      return class AlphaError extends MtlsctlError {
        constructor() {
          super({ code: 'PEM_INVALID', message: 'alpha from another copy' });
        }
      };
    })();
    const foreign = new copy();
    expect(foreign instanceof AlphaError).toBe(false);
    expect(AlphaError.isInstance(foreign)).toBe(true);
    expect(BetaError.isInstance(foreign)).toBe(false);
  });

  it('isInstance works detached, as a predicate', () => {
    const all = [new AlphaError(), new BetaError('x'), new AlphaChildError(), new Error('plain')];
    expect(all.filter(AlphaError.isInstance).map((e) => e.constructor.name)).toEqual(['AlphaError', 'AlphaChildError']);
    expect(all.filter(MtlsctlError.isInstance)).toHaveLength(3);
  });

  it('keeps markers out of enumeration and JSON', () => {
    const alpha = new AlphaError();
    expect(Object.getOwnPropertySymbols(alpha).map((s) => Object.getOwnPropertyDescriptor(alpha, s)?.enumerable)).toEqual([false, false]);
    expect(JSON.parse(JSON.stringify(alpha))).toEqual({ name: 'AlphaError', code: 'PEM_INVALID', kind: 'invalid-input' });
  });
});

describe('errorClassProblems', () => {
  const module = { AlphaError, AlphaChildError, BetaError, unrelated: 42, Plain: Error };

  it('passes a family whose every class has a sample', () => {
    expect(errorClassProblems(module, [new AlphaError(), new AlphaChildError(), new BetaError('x')])).toEqual([]);
  });

  it('names the class without a sample', () => {
    expect(errorClassProblems(module, [new AlphaError(), new BetaError('x')])).toEqual(['AlphaChildError: no sample']);
  });

  it('catches an isInstance that lies and a message out of style', () => {
    class LyingError extends MtlsctlError {
      constructor() {
        super({ code: 'PEM_INVALID', message: 'Lying.' });
      }
    }
    // The defect this package fixes: a subclass whose isInstance is the base's check.
    Object.defineProperty(LyingError, 'isInstance', { value: MtlsctlError.isInstance });
    expect(errorClassProblems({ LyingError }, [new LyingError(), new BetaError('x')])).toEqual([
      'LyingError (Lying.): starts with a capitalised word',
      'LyingError (Lying.): ends with a period',
      'LyingError.isInstance(BetaError (beta: x)) is true',
    ]);
  });

  it('the published module itself exports only the base', () => {
    expect(errorClassProblems(errors, [])).toEqual([]);
  });
});

describe('messageStyleProblems', () => {
  it('accepts lowercase, acronyms and environment variables at the start', () => {
    expect(['cannot read x: no such file', 'VAULT_ADDR is not set: export it', 'CSR has no subject', 'line 3: bad base64'].flatMap(messageStyleProblems)).toEqual([]);
  });
  it('refuses capitals, final periods and several lines', () => {
    expect(messageStyleProblems('No CA yet.')).toEqual(['starts with a capitalised word', 'ends with a period']);
    expect(messageStyleProblems('two\nlines')).toEqual(['spans lines']);
  });
});
