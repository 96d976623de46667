import { ERROR_CODES } from '../error-codes.js';
import { MtlsctlError } from '../mtlsctl-error.js';

type ErrorClass = (abstract new (...args: never[]) => MtlsctlError) & Pick<typeof MtlsctlError, 'isInstance'>;

/** The error classes a module namespace exports (every export that is MtlsctlError or extends it). */
export function exportedErrorClasses(module: Record<string, unknown>): ErrorClass[] {
  return Object.values(module).filter(
    (value): value is ErrorClass => typeof value === 'function' && (value === MtlsctlError || value.prototype instanceof MtlsctlError),
  );
}

/**
 * What is wrong with a package's error classes, as a list of sentences (empty when all is well), for a test to
 * compare with `[]`. `samples` holds at least one instance of every class `module` exports. Checked:
 * - every exported error class has a sample;
 * - for every class A (the exported ones and MtlsctlError) and every sample b, `A.isInstance(b)` is true exactly
 *   when b is an A or a subclass of A;
 * - each sample's code is published in ERROR_CODES, its kind is the code's, its name is its class's;
 * - each message follows the one style: one line, not starting with a capitalised word, no final period.
 */
export function errorClassProblems(module: Record<string, unknown>, samples: readonly MtlsctlError[]): string[] {
  const problems: string[] = [];
  const classes = [MtlsctlError, ...exportedErrorClasses(module).filter((c) => c !== MtlsctlError)];
  for (const cls of classes) {
    if (cls !== MtlsctlError && !samples.some((s) => s.constructor === cls)) problems.push(`${cls.name}: no sample`);
  }
  for (const sample of samples) {
    const label = `${sample.constructor.name} (${sample.message})`;
    for (const cls of classes) {
      const expected = sample instanceof cls;
      if (cls.isInstance(sample) !== expected) problems.push(`${cls.name}.isInstance(${label}) is ${!expected}`);
    }
    if (!Object.hasOwn(ERROR_CODES, sample.code)) problems.push(`${label}: code ${sample.code} is not in ERROR_CODES`);
    else if (ERROR_CODES[sample.code] !== sample.kind) problems.push(`${label}: kind ${sample.kind} is not its code's`);
    if (sample.name !== sample.constructor.name) problems.push(`${label}: name is ${sample.name}`);
    problems.push(...messageStyleProblems(sample.message).map((p) => `${label}: ${p}`));
  }
  return problems;
}

/**
 * How `message` breaks the one message style (lowercase start, no final period, one line): the CLI prints it
 * after "error: ". A leading all-capitals word (an acronym or an environment variable: `VAULT_ADDR`, `CSR`) is fine.
 */
export function messageStyleProblems(message: string): string[] {
  const problems: string[] = [];
  if (/^[A-Z][a-z]/.test(message)) problems.push('starts with a capitalised word');
  if (/\.$/.test(message)) problems.push('ends with a period');
  if (message.includes('\n')) problems.push('spans lines');
  if (message.trim() !== message || message === '') problems.push('is empty or padded');
  return problems;
}
