import { CorruptRecordError } from '../errors/corrupt-record-error.js';
import type { KvData } from '../kv-backend.js';
import type { PathState } from './kv-path-state.js';

/** What a read needs of a state file: everything, or the metadata without any version's data. */
export type StatePart = 'all' | 'metadata';

/** One generation of a path: its whole state, or null for a purge tombstone. */
export interface StateDoc {
  path: string;
  generation: number;
  state: PathState | null;
}

const FORMAT = 'mtlsctl-kv/2';
const OLD_FORMAT = 'mtlsctl-kv/1';

/** Bytes of the fixed header: `mtlsctl-kv/2 <metadata bytes, 10 digits>\n`. */
export const HEADER_BYTES = FORMAT.length + 1 + 10 + 1;

/**
 * A state file's bytes: a fixed-size header giving the length of the metadata section, the metadata (the path
 * state with every version's data left out, JSON), a newline, then the data of the kept versions (JSON, keyed
 * by version). A listing reads the header and the metadata only: the private keys and p12 passwords in the
 * data section are never read for it.
 */
export function encodeStateDoc(doc: StateDoc): Buffer {
  const data: Record<string, KvData | null> = {};
  let state: PathState | null = null;
  if (doc.state) {
    const versions: PathState['versions'] = {};
    for (const [n, v] of Object.entries(doc.state.versions)) {
      versions[n] = { ...v, data: null };
      data[n] = v.data;
    }
    state = { ...doc.state, versions };
  }
  const meta = Buffer.from(JSON.stringify({ path: doc.path, generation: doc.generation, state }));
  const header = Buffer.from(`${FORMAT} ${String(meta.length).padStart(10, '0')}\n`, 'latin1');
  return Buffer.concat([header, meta, Buffer.from('\n'), Buffer.from(JSON.stringify(data))]);
}

/**
 * Decodes what {@link encodeStateDoc} wrote, or an `mtlsctl-kv/1` file (one JSON document, read whole).
 * With `part: 'metadata'`, `bytes` may stop after the metadata section; versions then have `data: null`.
 *
 * @throws CorruptRecordError when the bytes are not a state file (or are torn)
 */
export function decodeStateDoc(bytes: Buffer, part: StatePart, where: { path: string; dir: string }): StateDoc {
  const corrupt = (reason: string) => new CorruptRecordError({ path: where.path, field: '(state file)', reason: `in ${where.dir} ${reason}` });
  if (bytes[0] === 0x7b) {
    const doc = parseJson(bytes.toString('utf8'), corrupt) as Partial<StateDoc> & { format?: string };
    if (doc.format !== OLD_FORMAT || !isPathState(doc.state) || typeof doc.generation !== 'number') throw corrupt(`is not a ${OLD_FORMAT} file`);
    return { path: String(doc.path), generation: doc.generation, state: doc.state };
  }
  const header = /^mtlsctl-kv\/2 (\d{10})\n$/.exec(bytes.subarray(0, HEADER_BYTES).toString('latin1'));
  if (!header) throw corrupt(`is not a ${FORMAT} file`);
  const metaEnd = HEADER_BYTES + Number(header[1]);
  if (bytes.length < metaEnd) throw corrupt('is torn (shorter than its header says)');
  const doc = parseJson(bytes.subarray(HEADER_BYTES, metaEnd).toString('utf8'), corrupt) as Partial<StateDoc>;
  if (!isPathState(doc.state) || typeof doc.generation !== 'number') throw corrupt(`is not a ${FORMAT} file`);
  const result: StateDoc = { path: String(doc.path), generation: doc.generation, state: doc.state };
  if (part === 'metadata' || result.state === null) return result;
  const data = parseJson(bytes.subarray(metaEnd + 1).toString('utf8'), corrupt) as Record<string, KvData | null>;
  for (const [n, v] of Object.entries(result.state.versions)) v.data = data[n] ?? null;
  return result;
}

/**
 * The shape every later step relies on (`null` is a purged path): numbers where KV v2 has numbers, a version map
 * of objects, string custom metadata. `{"state":{}}` is corrupt here, not a TypeError later (exit 1).
 */
function isPathState(state: unknown): state is PathState | null {
  if (state === null) return true;
  if (typeof state !== 'object' || Array.isArray(state)) return false;
  const s = state as Record<string, unknown>;
  const numbers = ['currentVersion', 'oldestVersion', 'maxVersions'].every((k) => Number.isInteger(s[k]) && (s[k] as number) >= 0);
  const versions = typeof s['versions'] === 'object' && s['versions'] !== null && Object.values(s['versions']).every((v) => typeof v === 'object' && v !== null);
  const meta = typeof s['customMetadata'] === 'object' && s['customMetadata'] !== null && Object.values(s['customMetadata']).every((v) => typeof v === 'string');
  return numbers && versions && meta && typeof s['casRequired'] === 'boolean';
}

function parseJson(text: string, corrupt: (reason: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw corrupt('is not valid JSON');
  }
}
