/**
 * How a command shows its result: `text`, what a person reads (suppressed by `--quiet`), or `json`, the document
 * `--json` and `-o json|yaml` print (the base command prints it, adding the store it used).
 */
export type RenderFormat = 'text' | 'json';

/**
 * One result's renderer, `(result, format)`: its text and its JSON document come from the same result, so the two
 * cannot drift. Each `render/<topic>.ts` exports one per result, declared with the two overloads.
 */
export interface Renderer<R, J> {
  (result: R, format: 'text'): string;
  (result: R, format: 'json'): J;
}
