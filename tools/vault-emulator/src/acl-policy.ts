import { badRequest } from './vault-http-error.js';

/** A capability a Vault ACL policy can grant (the ones this emulator enforces). */
export type Capability = 'create' | 'read' | 'update' | 'delete' | 'list' | 'patch' | 'sudo' | 'deny';

const CAPABILITIES: ReadonlySet<string> = new Set(['create', 'read', 'update', 'delete', 'list', 'patch', 'sudo', 'deny']);

/** The pre-0.9 `policy = "..."` shorthand and the capabilities it stands for. */
const LEGACY: Record<string, Capability[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

/** One `path "..." { ... }` stanza. */
export interface PolicyRule {
  /** The path without its trailing `*`. */
  path: string;
  /** The stanza's path ended in `*` (a prefix glob). */
  isPrefix: boolean;
  /** The path has `+` segments (one segment each). */
  hasSegmentWildcards: boolean;
  capabilities: ReadonlySet<Capability>;
}

type Token = { kind: 'string' | 'ident' | 'punct'; value: string; line: number };

/**
 * Parses a Vault ACL policy in HCL (or its JSON form) into its path rules.
 * Supports `path` stanzas with `capabilities` (and the legacy `policy`); comments `#`, `//`, `/* *\/`.
 * Parameter constraints and wrapping TTLs are rejected rather than silently ignored.
 *
 * @param text - the policy document
 * @throws VaultHttpError 400 `failed to parse policy: ...`
 * @example
 * parsePolicy('path "secret/data/pki/ca" { capabilities = ["read"] }');
 */
export function parsePolicy(text: string): PolicyRule[] {
  try {
    const trimmed = text.trim();
    const stanzas = trimmed.startsWith('{') ? fromJson(trimmed) : fromHcl(tokenize(text));
    return stanzas.map(([path, body]) => toRule(path, body));
  } catch (error) {
    throw badRequest(`failed to parse policy: ${(error as Error).message}`);
  }
}

type Body = Record<string, string | string[]>;

function toRule(rawPath: string, body: Body): PolicyRule {
  let path = rawPath.replace(/^\/+/, '');
  const capabilities = new Set<Capability>();
  for (const [key, value] of Object.entries(body)) {
    if (key === 'capabilities') {
      if (!Array.isArray(value)) throw new Error(`path "${rawPath}": capabilities must be a list`);
      for (const c of value) {
        if (!CAPABILITIES.has(c)) throw new Error(`path "${rawPath}": invalid capability "${c}"`);
        capabilities.add(c as Capability);
      }
    } else if (key === 'policy') {
      const legacy = typeof value === 'string' ? LEGACY[value] : undefined;
      if (!legacy) throw new Error(`path "${rawPath}": invalid policy value`);
      for (const c of legacy) capabilities.add(c);
    } else {
      throw new Error(`path "${rawPath}": key "${key}" is not supported by the emulator`);
    }
  }
  if (capabilities.has('deny')) {
    capabilities.clear();
    capabilities.add('deny');
  }
  const isPrefix = path.endsWith('*');
  if (isPrefix) path = path.slice(0, -1);
  const hasSegmentWildcards = path.split('/').includes('+');
  return { path, isPrefix, hasSegmentWildcards, capabilities };
}

function fromJson(text: string): Array<[string, Body]> {
  const doc = JSON.parse(text) as { path?: Record<string, Body> };
  if (typeof doc.path !== 'object' || doc.path === null) throw new Error('no "path" object');
  return Object.entries(doc.path);
}

function fromHcl(tokens: Token[]): Array<[string, Body]> {
  const out: Array<[string, Body]> = [];
  let i = 0;
  const next = (): Token => {
    const t = tokens[i++];
    if (!t) throw new Error('unexpected end of policy');
    return t;
  };
  const expect = (value: string): void => {
    const t = next();
    if (t.value !== value || t.kind === 'string') throw new Error(`line ${t.line}: expected "${value}", found "${t.value}"`);
  };
  while (i < tokens.length) {
    const head = next();
    if (head.kind !== 'ident' || head.value !== 'path') throw new Error(`line ${head.line}: expected "path", found "${head.value}"`);
    const path = next();
    if (path.kind !== 'string') throw new Error(`line ${path.line}: expected a quoted path`);
    expect('{');
    const body: Body = {};
    for (let t = next(); !(t.kind === 'punct' && t.value === '}'); t = next()) {
      if (t.kind !== 'ident' && t.kind !== 'string') throw new Error(`line ${t.line}: expected a key, found "${t.value}"`);
      expect('=');
      const v = next();
      if (v.kind === 'punct' && v.value === '[') {
        const list: string[] = [];
        for (let e = next(); !(e.kind === 'punct' && e.value === ']'); e = next()) {
          if (e.kind === 'punct' && e.value === ',') continue;
          if (e.kind !== 'string') throw new Error(`line ${e.line}: expected a quoted string in the list`);
          list.push(e.value);
        }
        body[t.value] = list;
      } else if (v.kind === 'string') {
        body[t.value] = v.value;
      } else {
        throw new Error(`line ${v.line}: unsupported value for "${t.value}"`);
      }
    }
    out.push([path.value, body]);
  }
  return out;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`line ${line}: unterminated comment`);
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === '\n') throw new Error(`line ${line}: unterminated string`);
        i++;
        if (d === '"') break;
        if (d === '\\') {
          const e = text[i++];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : (e ?? '');
        } else value += d;
      }
      tokens.push({ kind: 'string', value, line });
    } else if ('{}[]=,'.includes(c)) {
      tokens.push({ kind: 'punct', value: c, line });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'ident', value: m[0], line });
      i += m[0].length;
    } else {
      throw new Error(`line ${line}: unexpected character "${c}"`);
    }
  }
  return tokens;
}
