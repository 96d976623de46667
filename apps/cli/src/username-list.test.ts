import { describe, expect, it } from 'vitest';
import { readUsernameList } from './username-list.js';

describe('readUsernameList', () => {
  it('reads one name a line, ignoring a BOM, spaces, blank lines and comments', () => {
    expect(readUsernameList('\uFEFFalice\r\n  bob \n\n# gone already\ncarol\n')).toEqual(['alice', 'bob', 'carol']);
  });

  it('takes the username column of a CSV with a header', () => {
    expect(readUsernameList('email,username\na@example.com,alice\nb@example.com,bob\n')).toEqual(['alice', 'bob']);
  });

  it('keeps a one-column file whose first line is a name', () => {
    expect(readUsernameList('username\n')).toEqual(['username']);
  });
});
