import { describe, expect, it } from 'vitest';
import { usageMessage } from './usage-message.js';

const ESC = String.fromCharCode(27);

describe('usageMessage', () => {
  it.each([
    ['Parsing --validity \n\t"90" has no unit: write 90d\nSee more help with --help', '--validity: "90" has no unit: write 90d (see --help)'],
    ['Parsing --label \n\t--label must be key=value, not "x"\nSee more help with --help', '--label must be key=value, not "x" (see --help)'],
    ['Nonexistent flag: --yes\nSee more help with --help', 'Nonexistent flag: --yes (see --help)'],
    ['Missing 1 required arg:\nfile  PEM bundle, or - for standard input.\nSee more help with --help', 'Missing 1 required arg: file  PEM bundle, or - for standard input. (see --help)'],
    [
      'The following error occurred:\n  All of the following must be provided when using --eso-token-accessor: --verifier\nSee more help with --help',
      '--eso-token-accessor needs --verifier (see --help)',
    ],
    [
      'The following error occurred:\n  --bundle=other.pem cannot also be provided when using --cluster\nSee more help with --help',
      '--cluster cannot be used with --bundle=other.pem (see --help)',
    ],
    [
      // both sides of one exclusive pair: said once
      'The following errors occurred:\n  --all=true cannot also be provided when using --issuer\n  --issuer=abcdef12 cannot also be provided when using --all\nSee more help with --help',
      '--issuer cannot be used with --all=true (see --help)',
    ],
    [
      'The following errors occurred:\n  All of the following must be provided when using --a: --b\n  Exactly one of the following must be provided: --c, --d\nSee more help with --help',
      '--a needs --b; give exactly one of --c, --d (see --help)',
    ],
    [
      `The following error occurred:\n  ${ESC}[2m--x cannot also be provided when using --y${ESC}[22m\nSee more help with --help`,
      '--y cannot be used with --x (see --help)',
    ],
  ])('%j → %j', (message, expected) => {
    expect(usageMessage(message)).toBe(expected);
  });
});
