import { createInterface } from 'node:readline/promises';
import { MtlsctlError } from '@mtlsctl/errors';

/** A destructive command was not confirmed: nothing was changed. */
export class NotConfirmedError extends MtlsctlError {
  constructor(message: string) {
    super({ code: 'NOT_CONFIRMED', message });
  }
}

/** What a destructive command is about to do, and what the user types to agree. */
export interface Confirmation {
  /** The command as the user would retype it (for the `--yes` hint), e.g. `ca retire 184c200f`. */
  command: string;
  /** What will happen, one line each, printed before anything is changed. */
  plan: readonly string[];
  /** What to type to go ahead: the CA's short fingerprint, the username, the number of users. */
  answer: string;
  /** What `answer` is, for the question: "the CA's fingerprint", "the username". */
  answerName: string;
}

/** The terminal: process.stdin and process.stderr by default (stdout stays clean for `--json`). */
export interface ConfirmStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/**
 * Makes a destructive command safe by default: prints the plan on stderr; with `--yes` goes ahead; on a terminal
 * asks the user to type `answer` (case and surrounding spaces ignored); without a terminal refuses, naming `--yes`.
 *
 * @throws NotConfirmedError (exit 2) when refused or not confirmed; nothing has been changed then
 */
export async function confirmDestructive(confirmation: Confirmation, yes: boolean, streams: ConfirmStreams = { input: process.stdin, output: process.stderr }): Promise<void> {
  const { input, output } = streams;
  for (const line of confirmation.plan) output.write(`${line}\n`);
  if (yes) return;
  if (!input.isTTY) {
    throw new NotConfirmedError(`\`mtlsctl ${confirmation.command}\` needs --yes when standard input is not a terminal: nothing was changed`);
  }
  const rl = createInterface({ input, output, terminal: true });
  const interrupted = new AbortController();
  rl.on('SIGINT', () => interrupted.abort());
  try {
    const typed = await rl.question(`Type ${confirmation.answerName} (${confirmation.answer}) to go ahead: `, { signal: interrupted.signal }).catch(() => {
      throw new NotConfirmedError('interrupted at the confirmation: nothing was changed');
    });
    if (typed.trim().toLowerCase() !== confirmation.answer.toLowerCase()) throw new NotConfirmedError(`not confirmed ("${typed.trim()}" is not ${confirmation.answer}): nothing was changed`);
  } finally {
    rl.close();
  }
}
