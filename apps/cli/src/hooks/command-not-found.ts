import type { Hook } from '@oclif/core';
import { EXIT } from '../exit-codes.js';
import { suggestCommand } from '../suggest-command.js';

/**
 * oclif's `command_not_found` hook: one `error:` line in mtlsctl's style naming the mistyped command (not the
 * arguments after it), the nearest command when one is a typo away, and where to list them; exit 2 (bad input).
 * mtlsctl never runs a guessed command by itself: some of them are destructive.
 */
const hook: Hook.CommandNotFound = async function (options) {
  const visible = options.config.commands.filter((c) => !c.hidden);
  const ids = [...visible.map((c) => c.id), ...visible.flatMap((c) => c.aliases)];
  const found = suggestCommand(options.id, ids, options.config.topics.map((t) => t.name));
  const bin = options.config.bin;
  const help = `\`${bin} help${found.topic ? ` ${found.topic}` : ''}\``;
  const hint = found.suggestion ? `did you mean \`${bin} ${found.suggestion}\`? (${help} lists the commands)` : `${help} lists the commands`;
  process.stderr.write(`error: "${found.typed}" is not a ${bin} command: ${hint}\n`);
  this.exit(EXIT.usage);
};

export default hook;
