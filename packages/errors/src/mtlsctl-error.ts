import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import type { ErrorKind } from './error-kind.js';

/** The global marker of one error class: the same symbol in every copy of every package. */
function markerOf(className: string): symbol {
  return Symbol.for(`mtlsctl.error.${className}`);
}

/** The type guard `X.isInstance` is: narrows to the class it is read from. */
export type IsInstance = <T extends abstract new (...args: never[]) => MtlsctlError>(this: T, error: unknown) => error is InstanceType<T>;

/** What every {@link MtlsctlError} is built from. */
export interface MtlsctlErrorParams {
  /** A published code (its kind comes from {@link ERROR_CODES}). */
  code: ErrorCode;
  /** One line, lowercase, no final period: the CLI prints it after "error: ". Never a secret. */
  message: string;
  cause?: unknown;
}

/**
 * Base class of every error mtlsctl's libraries throw.
 *
 * `isInstance` is implemented once, here, for every subclass: the constructor marks the error with a global
 * symbol per class of its chain (`Symbol.for('mtlsctl.error.<ClassName>')`), and `A.isInstance(b)` checks b for
 * A's marker. It is true exactly when b is an A or a subclass of A — also when two copies of a package are loaded,
 * where `instanceof` fails. (A bundler that renames classes must keep names, e.g. esbuild's `keepNames`.)
 */
export class MtlsctlError extends Error {
  /** A stable, machine-readable code such as `PEM_TYPE_WRONG` (part of `--json` output). */
  readonly code: ErrorCode;
  /** The failure category, see {@link ErrorKind}; fixed by the code. */
  readonly kind: ErrorKind;

  constructor(params: MtlsctlErrorParams) {
    super(params.message, params.cause === undefined ? undefined : { cause: params.cause });
    this.name = new.target.name;
    this.code = params.code;
    this.kind = ERROR_CODES[params.code];
    for (let c: unknown = new.target; c !== Error && typeof c === 'function'; c = Object.getPrototypeOf(c)) {
      Object.defineProperty(this, markerOf(c.name), { value: true });
    }
  }

  /**
   * True when `error` is an instance of the class this is read from (or of a subclass), from any copy of its
   * package: `PemFormatError.isInstance(e)`, `MtlsctlError.isInstance(e)`. A getter, so that the function also
   * works detached (`expect(p).rejects.toSatisfy(NotFoundError.isInstance)`, `errors.filter(X.isInstance)`).
   */
  static get isInstance(): IsInstance {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the guard is read from, the whole point
    const marker = markerOf(this.name);
    return ((error: unknown) => typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true) as IsInstance;
  }
}
