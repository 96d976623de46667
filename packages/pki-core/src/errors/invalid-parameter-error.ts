import { MtlsctlError } from '@mtlsctl/errors';

/** A numeric or hex parameter out of range: a serial number, a path length, a CRL number. */
export class InvalidParameterError extends MtlsctlError {
  /** The parameter's name, e.g. `pathLength`. */
  readonly parameter: string;

  /**
   * @param parameter - the parameter's name as the caller passed it
   * @param message - what is wrong and what is accepted
   */
  constructor(parameter: string, message: string) {
    super({ code: 'PARAMETER_INVALID', message: `${parameter}: ${message}` });
    this.parameter = parameter;
  }
}

/**
 * Throws unless `value` is undefined or a whole number in [min, max].
 *
 * @param parameter - the name used in the message
 * @param value - the value to check
 * @param min - the lowest accepted value
 * @param max - the highest accepted value
 */
export function assertIntegerParameter(parameter: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(parameter, `must be a whole number from ${min} to ${max}, got ${value}`);
  }
}
