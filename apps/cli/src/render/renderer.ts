/**
 * How a command shows its result: `text`, what a person reads (suppressed by `--quiet`), or `json`, the document
 * `--json` and `-o json|yaml` print (the base command prints it, adding the store it used).
 */
export type RenderFormat = 'text' | 'json';

/**
 * One result's renderer, `(result, format)`: its text and its JSON document come from the same result, so the two
 * cannot drift. Each `render/<topic>.ts` exports one per result, made with {@link renderer} (or declared with the two overloads).
 */
export interface Renderer<R, J> {
  (result: R, format: 'text'): string;
  (result: R, format: 'json'): J;
}

/**
 * Makes a {@link Renderer} from its two halves, so a renderer does not declare the overloads itself. Give the types
 * (`renderer<Result, Json>({ ... })`) and annotate the `json` half's return type as well: TypeScript checks an object
 * literal returned by an arrow for extra keys only against a declared return type, not a contextual one, and the
 * JSON document's keys are what scripts rely on.
 *
 * @example
 * export const renderCount = renderer<{ n: number }, CountJson>({ text: (r) => `${r.n} users`, json: (r): CountJson => ({ count: r.n }) });
 */
export function renderer<R, J>(halves: { text: (result: R) => string; json: (result: R) => J }): Renderer<R, J> {
  function render(result: R, format: 'text'): string;
  function render(result: R, format: 'json'): J;
  function render(result: R, format: RenderFormat): string | J {
    return format === 'text' ? halves.text(result) : halves.json(result);
  }
  return render;
}
