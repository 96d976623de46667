/**
 * What `run` throws, for a test to examine; when `run` returns instead, this throws, so the test fails (a
 * try/catch in a test passes when nothing throws).
 *
 * @param run - the call expected to throw
 * @returns the thrown value
 * @throws Error when `run` returns
 * @example
 * expect(thrown(() => parseBundle(text))).toMatchObject({ code: 'BUNDLE_INVALID', line: 3 });
 */
export function thrown(run: () => unknown): unknown {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    return error;
  }
  throw new Error(`expected a throw, but the call returned ${describe(result)}`);
}

/**
 * What `run`'s promise rejects with; when it resolves instead, this rejects, so the test fails.
 *
 * @param run - the call (or the promise) expected to reject
 * @returns the rejection reason
 * @throws Error when the promise resolves
 * @example
 * expect(await rejection(() => client.read('x'))).toMatchObject({ code: 'VAULT_SEALED' });
 */
export async function rejection(run: (() => Promise<unknown>) | Promise<unknown>): Promise<unknown> {
  let result: unknown;
  try {
    result = await (typeof run === 'function' ? run() : run);
  } catch (error) {
    return error;
  }
  throw new Error(`expected a rejection, but the promise resolved to ${describe(result)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = typeof value === 'string' ? JSON.stringify(value) : Object.prototype.toString.call(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
