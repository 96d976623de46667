import { redact } from './redact.js';

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured logger: one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger writing JSON lines (`{"time","level","msg",...fields}`) with every field passed through
 * {@link redact}, so tokens, passwords and private keys never reach the log.
 *
 * @param options.level - the least severe level written (default `info`)
 * @param options.write - where lines go (default stdout)
 * @param options.now - the clock (default `new Date()`)
 */
export function createJsonLogger(options: { level?: LogLevel; write?: (line: string) => void; now?: () => Date } = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < min) return;
    write(`${JSON.stringify({ time: now().toISOString(), level, msg: redact(msg), ...(redact(fields) as Record<string, unknown>) })}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
