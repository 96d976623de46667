/**
 * The one way mtlsctl warns: one `warning: <message>` line on stderr. Written in every mode (`--json`, `-o`,
 * `--quiet`): stdout stays the result document or the handed-over value, and a warning is what the user must see.
 */
export function writeWarning(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}
