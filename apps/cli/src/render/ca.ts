import type { RenderFormat } from './renderer.js';

/** What `ca backup` wrote: the file and how many records it holds. */
export interface CaBackupResult {
  file: string;
  records: number;
}

/** `ca backup`: one line naming the file (written 0600); as JSON the file and the record count. */
export function renderCaBackup(result: CaBackupResult, format: 'text'): string;
export function renderCaBackup(result: CaBackupResult, format: 'json'): CaBackupResult;
export function renderCaBackup(result: CaBackupResult, format: RenderFormat): string | CaBackupResult {
  if (format === 'json') return { file: result.file, records: result.records };
  return `Backed up ${result.records} records to ${result.file} (mode 0600).`;
}
