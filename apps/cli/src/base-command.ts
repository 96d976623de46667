import { Command, Errors, type Interfaces } from '@oclif/core';
import type { AuthorityContext } from '@mtlsctl/authority';
import type { VaultClient } from '@mtlsctl/vault-store';
import { MtlsctlError } from '@mtlsctl/pki-core/errors';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { debugFlag, storeFlags } from './flags.js';
import { openStore, vaultConnection, type StoreFlagValues } from './open-store.js';

/**
 * The base of every mtlsctl command: `--json`, `--debug`, and turning library errors into one clear line (or a
 * JSON error object) and a distinct exit code. No stack traces unless `--debug`.
 */
export abstract class MtlsctlCommand extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = { debug: debugFlag };

  /** Prints human output, unless `--json` is on (then the returned result is printed instead). */
  protected say(text: string): void {
    if (!this.jsonEnabled()) this.log(text);
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    const debug = this.argv.includes('--debug');
    if (error instanceof Errors.ExitError) throw error;
    if (MtlsctlError.isInstance(error)) return this.fail(error.message, exitCodeFor(error.kind), { code: error.code, kind: error.kind }, error, debug);
    if (isOclifUsageError(error)) return this.fail(oneLine(error.message), EXIT.usage, { code: 'USAGE', kind: 'invalid-input' }, error, debug);
    const message = `unexpected error: ${error.message || String(error)}${debug ? '' : ' (rerun with --debug for details)'}`;
    return this.fail(message, EXIT.internal, { code: 'INTERNAL', kind: 'internal' }, error, debug);
  }

  private fail(message: string, exit: number, fields: { code: string; kind: string }, error: Error, debug: boolean): never {
    if (this.jsonEnabled()) this.logJson({ error: { ...fields, message, exitCode: exit } });
    else process.stderr.write(`error: ${message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return this.exit(exit);
  }
}

/** oclif's parse errors span lines ("Parsing --x \n\t<reason>\nSee more help with --help"): make them one. */
function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/^Parsing (--[\w-]+)\s*/, '$1: ')
    .replace(/\s*See more help with --help$/, ' (see --help)');
}

function isOclifUsageError(error: Error): boolean {
  const exit = (error as { oclif?: { exit?: number } }).oclif?.exit;
  return exit === 2 || /^(Unexpected argument|Missing required|Expected --|Nonexistent flag|Parsing --)/.test(error.message);
}

/** A command that works on a store: adds the store flags and opens the store they name. */
export abstract class StoreCommand extends MtlsctlCommand {
  static override baseFlags = { ...storeFlags };

  /** Opens the store named by the flags, printing its warnings on stderr. */
  protected async context(flags: StoreFlagValues): Promise<AuthorityContext> {
    const opened = await openStore(flags);
    for (const warning of opened.warnings) process.stderr.write(`warning: ${warning}\n`);
    return { store: opened.store };
  }
}

/** A command that talks to Vault's own API (mounts, policies, tokens): the store flags name the Vault. */
export abstract class VaultCommand extends MtlsctlCommand {
  static override baseFlags = { ...storeFlags };

  /** A Vault client for the flags and environment, printing its warnings on stderr. */
  protected async vaultClient(flags: StoreFlagValues): Promise<VaultClient> {
    const config = await vaultConnection(flags);
    for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
    const { VaultClient } = await import('@mtlsctl/vault-store');
    return new VaultClient(config);
  }
}
