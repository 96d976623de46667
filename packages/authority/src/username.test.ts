import { describe, expect, it } from 'vitest';
import { InvalidUsernameError } from './errors/index.js';
import { validateUsername } from './username.js';
import { validateEmail } from './email.js';
import { InvalidEmailError } from './errors/index.js';

describe('validateUsername', () => {
  it.each(['alice', 'Bob', 'j.doe', 'svc_backup-01', 'a', 'x'.repeat(64)])('accepts %s', (name) => {
    expect(validateUsername(name)).toBe(name);
  });

  it.each([
    ['', /empty/],
    ['../ca', /\.\.|path separator/],
    ['a/b', /path separator/],
    ['a\\b', /path separator/],
    ['..', /'\.\.'/],
    ['a..b', /'\.\.'/],
    ['x'.repeat(300), /300 characters/],
    ['аlice', /non-ASCII character U\+0430/], // Cyrillic a
    ['alice\u200b', /non-ASCII character U\+200B/],
    ['ali\nce', /control character/],
    ['ali\u0000ce', /control character/],
    ['-alice', /start with a letter or digit/],
    ['.hidden', /start with a letter or digit/],
    ['alice.', /ends with/],
    ['al ice', /letters, digits/],
    ['alice@example.com', /letters, digits/],
    ['ca-key/x', /path separator/],
  ])('refuses %j', (name, reason) => {
    expect(() => validateUsername(name)).toThrow(InvalidUsernameError);
    expect(() => validateUsername(name)).toThrow(reason);
  });
});

describe('validateEmail', () => {
  it.each(['alice@example.com', 'first.last+tag@sub.example.co.uk', "o'hara@example.ie"])('accepts %s', (email) => {
    expect(validateEmail(email)).toBe(email);
  });

  it.each([
    ['', /empty/],
    ['alice', /name@domain/],
    ['alice@', /name@domain/],
    ['@example.com', /name@domain/],
    ['alice@localhost', /no dot/],
    ['alice@exa mple.com', /space/],
    ['alice@exämple.com', /non-ASCII/],
    ['al..ice@example.com', /not a plain address/],
    ['alice@-example.com', /not a valid DNS label/],
    ['alice@example..com', /not a valid DNS label/],
    ['"a b"@example.com', /space/],
    [`${'a'.repeat(65)}@example.com`, /longer than 64/],
  ])('refuses %j', (email, reason) => {
    expect(() => validateEmail(email)).toThrow(InvalidEmailError);
    expect(() => validateEmail(email)).toThrow(reason);
  });
});
