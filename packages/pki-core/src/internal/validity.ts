import { InvalidValidityError } from '../errors/invalid-validity-error.js';
import { NotAfterBeyondIssuerError } from '../errors/not-after-beyond-issuer-error.js';

const DAY_MS = 86_400_000;

/** How long a certificate lives: from `now` (minus a clock-skew margin) for some days or up to a date. */
export interface ValidityRequest {
  now: Date;
  validityDays?: number;
  notAfter?: Date;
  backdateSeconds?: number;
}

/**
 * Computes notBefore/notAfter at whole seconds (X.509 has no sub-second times):
 * notBefore = now − backdateSeconds; notAfter = the explicit notAfter, else now + validityDays.
 *
 * @param request - the caller's values
 * @param defaultDays - validity when neither validityDays nor notAfter is given
 * @param issuerNotAfter - the issuer's notAfter; a later notAfter is refused
 * @throws InvalidValidityError for invalid values; NotAfterBeyondIssuerError past the issuer's life
 */
export function computeValidity(
  request: ValidityRequest,
  defaultDays: number,
  issuerNotAfter?: Date,
): { notBefore: Date; notAfter: Date } {
  const now = assertDate(request.now, 'now');
  const backdate = request.backdateSeconds ?? 300;
  if (!Number.isInteger(backdate) || backdate < 0) {
    throw new InvalidValidityError(`backdateSeconds must be a whole number of seconds ≥ 0, got ${backdate}`);
  }
  const notBefore = wholeSeconds(now - backdate * 1000);
  let notAfter: Date;
  if (request.notAfter !== undefined) {
    notAfter = wholeSeconds(assertDate(request.notAfter, 'notAfter'));
  } else {
    const days = request.validityDays ?? defaultDays;
    if (!Number.isInteger(days) || days <= 0) {
      throw new InvalidValidityError(`validityDays must be a whole number of days > 0, got ${days}`);
    }
    notAfter = wholeSeconds(now + days * DAY_MS);
  }
  if (notAfter.getTime() <= notBefore.getTime()) {
    throw new InvalidValidityError(
      `notAfter ${notAfter.toISOString()} is not after notBefore ${notBefore.toISOString()}: pick a later notAfter`,
    );
  }
  if (issuerNotAfter !== undefined && notAfter.getTime() > issuerNotAfter.getTime()) {
    throw new NotAfterBeyondIssuerError(notAfter, issuerNotAfter);
  }
  return { notBefore, notAfter };
}

function assertDate(value: Date, name: string): number {
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidValidityError(`${name} must be a valid Date`);
  return time;
}

function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}
