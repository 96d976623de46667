import type { RenderFormat } from './renderer.js';

/** `monitor rules`: the rules document, in which format, and the file it went to (none: stdout). */
export interface MonitorRulesResult {
  format: 'prometheus-rule' | 'rules';
  file?: string;
  yaml: string;
}

/**
 * `monitor rules`: the YAML itself (the command prints it as a document, even with `--quiet`), or `Wrote <file>
 * (<format>).` when it went to a file; as JSON the format, the file and the YAML.
 */
export function renderMonitorRules(result: MonitorRulesResult, format: 'text'): string;
export function renderMonitorRules(result: MonitorRulesResult, format: 'json'): MonitorRulesResult;
export function renderMonitorRules(result: MonitorRulesResult, format: RenderFormat): string | MonitorRulesResult {
  if (format === 'json') return { format: result.format, ...(result.file === undefined ? {} : { file: result.file }), yaml: result.yaml };
  return result.file === undefined ? result.yaml.replace(/\n$/, '') : `Wrote ${result.file} (${result.format}).`;
}
