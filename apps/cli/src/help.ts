import { type Command, CommandHelp, Help } from '@oclif/core';

/** The flag groups every store command shares: listed once, in their own sections, and left out of the usage line. */
const SHARED_GROUPS = new Set(['STORE', 'GLOBAL']);

/**
 * mtlsctl's command help: the usage line shows the command's own flags and `[STORE FLAGS]` / `[GLOBAL FLAGS]`
 * instead of repeating the shared store flags in every command's synopsis, and every example has the prompt.
 */
class MtlsctlCommandHelp extends CommandHelp {
  protected override defaultUsage(): string {
    const flags = this.command.flags ?? {};
    const own = Object.fromEntries(Object.entries(flags).filter(([, flag]) => !flag.helpGroup || !SHARED_GROUPS.has(flag.helpGroup)));
    const groups = [...new Set(Object.values(flags).map((flag) => flag.helpGroup).filter((g): g is string => g !== undefined && SHARED_GROUPS.has(g)))];
    const ownHelp = new OwnFlagsUsage({ ...this.command, flags: own } as Command.Loadable, this.config, this.opts);
    return [ownHelp.usageOfOwnFlags(), ...groups.sort((a, b) => b.localeCompare(a)).map((g) => `[${g} FLAGS]`)].join(' ');
  }
}

/** oclif's own usage line, for a command whose shared flags have been taken out. */
class OwnFlagsUsage extends CommandHelp {
  usageOfOwnFlags(): string {
    return super.defaultUsage();
  }
}

/** The help class named by `oclif.helpClass` in package.json. */
export default class MtlsctlHelp extends Help {
  protected override getCommandHelpClass(command: Command.Loadable): CommandHelp {
    return new MtlsctlCommandHelp({ ...command, examples: withPrompt(command.examples) } as Command.Loadable, this.config, this.opts);
  }
}

/**
 * oclif puts the prompt only before examples that start with the binary: every example here is a shell command
 * line (also pipelines, `kubectl ...`, and lines that set variables first), so each gets the prompt.
 */
function withPrompt(examples: Command.Loadable['examples']): Command.Loadable['examples'] {
  return examples?.map((example) => (typeof example === 'string' && !example.startsWith('<%= config.bin %>') && !example.startsWith('$') ? `$ ${example}` : example));
}
