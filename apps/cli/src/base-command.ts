import { createRequire } from 'node:module';
import { Command, Errors, type Interfaces } from '@oclif/core';
import type { AuthorityContext } from '@mtlsctl/authority';
import type { VaultClient } from '@mtlsctl/vault-store';
import { MtlsctlError } from '@mtlsctl/errors';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { debugFlag, OUTPUT_FORMATS, outputFlag, quietFlag, storeFlags } from './flags.js';
import { readCaPassphrase } from './ca-passphrase.js';
import type { Renderer } from './render/renderer.js';
import { openStore, vaultConnection, type OpenStoreOptions, type StoreFlagValues } from './open-store.js';
import { usageMessage } from './usage-message.js';
import { writeWarning } from './warn.js';

/**
 * The base of every mtlsctl command: `--json`, `--debug`, and turning library errors into one clear line (or a
 * JSON error object) and a distinct exit code. No stack traces unless `--debug`.
 */
export abstract class MtlsctlCommand extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = { debug: debugFlag, quiet: quietFlag };

  /** Prints human output, unless `--json`, `-o json|yaml` or `--quiet` is on (then the returned result is printed instead). */
  protected say(text: string): void {
    if (!this.jsonEnabled() && !this.quiet()) this.log(text);
  }

  /**
   * Shows a result through its renderer: the text (unless `--json`, `-o json|yaml` or `--quiet`), and returns the
   * JSON document for run() to return. With `document`, the text is the document the command exists to print (YAML,
   * a kubectl List), so `--quiet` prints it too.
   *
   * @param options.document - default false
   */
  protected render<R, J>(result: R, renderer: Renderer<R, J>, options: { document?: boolean } = {}): J {
    if (!this.jsonEnabled() && (options.document || !this.quiet())) {
      const text = renderer(result, 'text');
      // Nothing to say (e.g. no CA added and none already trusted) prints nothing, not an empty line.
      if (text !== '') this.log(text);
    }
    return renderer(result, 'json');
  }

  /**
   * Prints what the command exists to hand over (a password, a token) in text mode: `label: value`, or the bare
   * value with `--quiet`, for `$(...)` in scripts.
   */
  protected handOver(label: string, value: string): void {
    if (this.jsonEnabled()) return;
    this.log(this.quiet() ? value : `${label}: ${value}`);
  }

  /**
   * One `warning: <message>` line on stderr, in every output mode (stdout keeps the result). Replaces oclif's
   * `Warning:` style, so a library warning and a command's own look the same.
   */
  public override warn(input: string | Error): string | Error {
    writeWarning(typeof input === 'string' ? input : input.message);
    return input;
  }

  /**
   * Ends a run whose check failed (or whose bulk run left items failed): with `--json` / `-o json|yaml` prints
   * `result`, the same document a success returns, then exits with `exit` (never 0). The text was already said.
   */
  protected exitWithResult(result: unknown, exit: number): never {
    if (this.jsonEnabled()) this.logJson(result);
    return this.exit(exit);
  }

  /** Whether `--quiet` (`-q`) is on. */
  protected quiet(): boolean {
    return this.argv.some((arg) => arg === '--quiet' || arg === '-q');
  }

  /** `-o json` and `-o yaml` print the result document, as `--json` does (only on commands that have `-o`). */
  public override jsonEnabled(): boolean {
    return super.jsonEnabled() || this.outputFormat() !== 'table';
  }

  protected override logJson(json: unknown): void {
    // Loaded only for -o yaml, and synchronously: an error's document must be out before the process exits.
    if (this.outputFormat() === 'yaml') process.stdout.write((createRequire(import.meta.url)('yaml') as typeof import('yaml')).stringify(json));
    // Without a JSON colour theme oclif's colorizeJson prints exactly this, after tokenizing the text with regexes
    // (a listing of 10,000 users spent a quarter of its time there): our results are plain data, with no cycles.
    else if (this.config.theme?.json === undefined) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else super.logJson(json);
  }

  /** The `-o` / `--output` format, for commands that declare the flag (others use -o for a file). */
  private outputFormat(): (typeof OUTPUT_FORMATS)[number] {
    const flags = (this.constructor as typeof Command).flags ?? {};
    if (flags['output'] !== outputFlag) return 'table';
    const format = readOutputFormat(this.argv);
    return OUTPUT_FORMATS.find((f) => f === format) ?? 'table';
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    const debug = this.argv.includes('--debug');
    if (error instanceof Errors.ExitError) throw error;
    if (MtlsctlError.isInstance(error)) return this.fail(error.message, exitCodeFor(error.kind), { code: error.code, kind: error.kind }, error, debug);
    if (error.name === 'PromptAbortedError') return this.fail('interrupted at the prompt: nothing was changed', EXIT.interrupted, { code: 'INTERRUPTED', kind: 'interrupted' }, error, debug);
    if (isOclifUsageError(error)) return this.fail(usageMessage(error.message), EXIT.usage, { code: 'USAGE', kind: 'invalid-input' }, error, debug);
    const message = `unexpected error: ${error.message || String(error)}${debug ? '' : ' (rerun with --debug for details)'}`;
    return this.fail(message, EXIT.internal, { code: 'INTERNAL', kind: 'internal' }, error, debug);
  }

  /**
   * Waits until stdout and stderr have handed everything to the OS before oclif exits: to a pipe Node writes
   * asynchronously once the pipe's 64 KiB buffer is full, and `process.exit` (what oclif does for every exit code
   * but 0) drops what is still queued, such as the summary after a thousand per-user lines.
   */
  protected override async finally(error: Error | undefined): Promise<unknown> {
    await Promise.all([drained(process.stdout), drained(process.stderr)]);
    return super.finally(error);
  }

  private fail(message: string, exit: number, fields: { code: string; kind: string }, error: Error, debug: boolean): never {
    if (this.jsonEnabled()) this.logJson({ error: { ...fields, message, exitCode: exit } });
    else process.stderr.write(`error: ${message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return this.exit(exit);
  }
}

/** Resolves once everything written to `stream` so far has been flushed (a write's callback runs in order). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}

/** The value of `-o`/`--output` in an argv (`-o json`, `-ojson`, `-o=json`, `--output json`, `--output=json`). */
function readOutputFormat(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (arg === '-o' || arg === '--output') return argv[i + 1];
    const inline = /^(?:-o=?|--output=)(.+)$/.exec(arg);
    if (inline) return inline[1];
  }
  return undefined;
}

function isOclifUsageError(error: Error): boolean {
  const exit = (error as { oclif?: { exit?: number } }).oclif?.exit;
  return exit === 2 || /^(Unexpected argument|Missing required|Expected --|Nonexistent flag|Parsing --)/.test(error.message);
}

/** A command that works on a store: adds the store flags and opens the store they name. */
export abstract class StoreCommand extends MtlsctlCommand {
  static override baseFlags = { quiet: quietFlag, ...storeFlags };

  /** The store this run used (`directory /path`, `vault <addr> <mount>/<prefix>`), once opened. */
  private storeDescription: string | undefined;

  /** Opens the store named by the flags, printing its warnings on stderr. */
  protected async context(flags: StoreFlagValues, options: OpenStoreOptions = {}): Promise<AuthorityContext> {
    const opened = await openStore(flags, process.env, options);
    for (const warning of opened.warnings) this.warn(warning);
    this.storeDescription = opened.description;
    const passphraseFile = flags['ca-passphrase-file'];
    return { store: opened.store, ...(passphraseFile === undefined ? {} : { caKeyPassphrase: await readCaPassphrase(passphraseFile) }) };
  }

  /** Names the store used, so a typo never picks one silently: a `store` field in `--json`, a last line on stderr in text mode. */
  protected override toSuccessJson(result: unknown): unknown {
    const json = super.toSuccessJson(result) as unknown;
    if (this.storeDescription === undefined || typeof json !== 'object' || json === null || Array.isArray(json)) return json;
    return { ...json, store: this.storeDescription };
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    if (error === undefined && this.storeDescription !== undefined && !this.jsonEnabled() && !this.quiet()) process.stderr.write(`store: ${this.storeDescription}\n`);
    return super.finally(error);
  }
}

/** A command that talks to Vault's own API (mounts, policies, tokens): the store flags name the Vault. */
export abstract class VaultCommand extends MtlsctlCommand {
  static override baseFlags = { quiet: quietFlag, ...storeFlags };

  /** A Vault client for the flags and environment, printing its warnings on stderr. */
  protected async vaultClient(flags: StoreFlagValues): Promise<VaultClient> {
    const config = await vaultConnection(flags);
    for (const warning of config.warnings) this.warn(warning);
    const { VaultClient } = await import('@mtlsctl/vault-store');
    return new VaultClient(config);
  }
}
