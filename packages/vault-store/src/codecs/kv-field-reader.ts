import { CorruptRecordError } from '../errors/corrupt-record-error.js';

/**
 * Reads typed fields out of a KV map (all strings), turning every absence or malformation into a
 * {@link CorruptRecordError} that names the path and field but never the value.
 */
export class KvFieldReader {
  /**
   * @param path - the store path, for errors
   * @param fields - the KV data or custom metadata
   */
  constructor(
    readonly path: string,
    private readonly fields: Record<string, string>,
  ) {}

  /** A required string field (may be empty). */
  string(field: string): string {
    const value = this.fields[field];
    if (typeof value !== 'string') throw this.error(field, 'is missing');
    return value;
  }

  /** A required, non-empty string field. */
  nonEmpty(field: string): string {
    const value = this.string(field);
    if (value === '') throw this.error(field, 'is empty');
    return value;
  }

  /** An optional string field; '' when absent. */
  optional(field: string): string {
    const value = this.fields[field];
    return typeof value === 'string' ? value : '';
  }

  /** A required non-negative integer. */
  integer(field: string): number {
    const text = this.nonEmpty(field);
    if (!/^\d+$/.test(text)) throw this.error(field, 'is not a non-negative integer');
    return Number(text);
  }

  /** A required field whose value is one of `allowed`. */
  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.string(field);
    if (!(allowed as readonly string[]).includes(value)) throw this.error(field, `is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    return value as T;
  }

  /** A required JSON array whose every item passes `check`. */
  jsonArray<T>(field: string, check: (item: unknown) => item is T): T[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.nonEmpty(field));
    } catch (error) {
      if (error instanceof CorruptRecordError) throw error;
      throw this.error(field, 'is not valid JSON');
    }
    if (!Array.isArray(parsed)) throw this.error(field, 'is not a JSON array');
    if (!parsed.every(check)) throw this.error(field, 'holds an item of the wrong shape');
    return parsed;
  }

  /** A CorruptRecordError for `field` of this record. */
  error(field: string, reason: string): CorruptRecordError {
    return new CorruptRecordError({ path: this.path, field, reason });
  }
}

/** True when `value` is an object whose `keys` are all strings. */
export function hasStringFields(value: unknown, keys: readonly string[]): value is Record<string, string> {
  return typeof value === 'object' && value !== null && keys.every((k) => typeof (value as Record<string, unknown>)[k] === 'string');
}
