import { InvalidEmailError } from './errors/index.js';

const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Checks an email address for an rfc822Name SAN: an ASCII dot-atom local part, `@`, and a domain of at
 * least two DNS labels. Quoted local parts, IP-literal domains and non-ASCII addresses are refused
 * (certificates carry IA5String, and clients match these literally).
 *
 * @param email - as typed; not trimmed
 * @returns the same email
 * @throws InvalidEmailError naming the problem
 */
export function validateEmail(email: string): string {
  if (email.length === 0) throw new InvalidEmailError(email, 'it is empty');
  if (email.length > 254) throw new InvalidEmailError(email.slice(0, 80), 'it is longer than 254 characters');
  if (/[^\x21-\x7e]/.test(email)) throw new InvalidEmailError(email, 'it contains a space, a control or a non-ASCII character');
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) throw new InvalidEmailError(email, "it is not of the form 'name@domain'");
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64) throw new InvalidEmailError(email, 'the part before @ is longer than 64 characters');
  if (!localPart.test(local)) throw new InvalidEmailError(email, `the part before @ (${JSON.stringify(local)}) is not a plain address`);
  const labels = domain.split('.');
  if (labels.length < 2) throw new InvalidEmailError(email, `the domain ${JSON.stringify(domain)} has no dot`);
  const bad = labels.find((l) => !label.test(l));
  if (bad !== undefined) throw new InvalidEmailError(email, `the domain label ${JSON.stringify(bad)} is not a valid DNS label`);
  return email;
}
