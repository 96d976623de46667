/** One measured scenario for one key type. */
export interface BenchRow {
  keyType: string;
  id: string;
  label: string;
  operations: number;
  seconds: number;
  perSecond: number;
  /** perSecond divided by the openssl one-at-a-time baseline's. */
  ratio: number;
}

/**
 * Renders the benchmark results as a plain-text table (the same numbers as `--json`).
 *
 * @param machine - what it ran on
 * @param rows - the measurements
 */
export function formatReport(
  machine: { cpus: number; model: string; node: string; openssl: string; load?: { before: number; after: number } },
  rows: BenchRow[],
): string {
  const load = machine.load === undefined ? '' : ` Load average ${machine.load.before.toFixed(2)} before, ${machine.load.after.toFixed(2)} after.`;
  const lines = [
    `Client issuance (new key + client certificate + PKCS#12 with the CA): ${machine.cpus} CPUs (${machine.model}), Node ${machine.node}, ${machine.openssl}.${load}`,
    '',
    `${'key'.padEnd(8)} ${'scenario'.padEnd(42)} ${'issued'.padStart(7)} ${'seconds'.padStart(8)} ${'per second'.padStart(11)} ${'× openssl'.padStart(10)}`,
  ];
  for (const row of rows) {
    lines.push(
      `${row.keyType.padEnd(8)} ${row.label.padEnd(42)} ${String(row.operations).padStart(7)} ${row.seconds.toFixed(1).padStart(8)} ` +
        `${row.perSecond.toFixed(1).padStart(11)} ${row.ratio.toFixed(2).padStart(10)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
