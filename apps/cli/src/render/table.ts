/**
 * Renders rows as an aligned text table with a header, two spaces between columns, like `kubectl get`.
 *
 * @param columns - header label and a function reading the cell from a row
 */
export function renderTable<T>(rows: readonly T[], columns: readonly [label: string, cell: (row: T) => string][]): string {
  const cells = [columns.map(([label]) => label), ...rows.map((row) => columns.map(([, cell]) => cell(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? '').length)));
  return cells.map((line) => line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

/** Renders `label: value` lines with the values aligned. */
export function renderFields(fields: readonly [label: string, value: string | undefined][]): string {
  const shown = fields.filter(([, value]) => value !== undefined && value !== '');
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${(label + ':').padEnd(width + 1)}  ${value}`).join('\n');
}

/** A SHA-256 fingerprint shortened for tables (first 16 hex digits). */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 16);
}

/** A date as YYYY-MM-DD. */
export function day(iso: string | Date): string {
  return (typeof iso === 'string' ? iso : iso.toISOString()).slice(0, 10);
}
