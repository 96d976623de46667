import { SecretNeededError } from './errors/secret-needed-error.js';

/** The user pressed Ctrl-C or Ctrl-D at the prompt. */
export class PromptAbortedError extends Error {
  constructor() {
    super('interrupted at the prompt');
    this.name = 'PromptAbortedError';
  }
}

/** The terminal a secret is read from: process.stdin and process.stderr by default. */
export interface PromptStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WritableStream;
}

/**
 * Asks for a secret on the terminal without echoing it (raw mode; backspace edits; Enter ends; Ctrl-C or Ctrl-D
 * aborts). The question goes to stderr so stdout stays clean for `--json`.
 *
 * @param question - e.g. `Password for alice.p12: `
 * @param what - what is asked for, for the error when there is no terminal (e.g. `the p12 password`)
 * @param flag - the flag that gives it from a file (e.g. `--password-file`)
 * @throws SecretNeededError when stdin is not a terminal; PromptAbortedError on Ctrl-C / Ctrl-D
 */
export function promptSecret(question: string, what: string, flag: string, streams: PromptStreams = { input: process.stdin, output: process.stderr }): Promise<string> {
  const { input, output } = streams;
  if (!input.isTTY) return Promise.reject(new SecretNeededError(what, flag));
  input.setRawMode(true); // before the question: whatever is typed after it must not be echoed
  output.write(question);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value));
        if (ch === '\u0003' || ch === '\u0004') return finish(() => reject(new PromptAbortedError()));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
