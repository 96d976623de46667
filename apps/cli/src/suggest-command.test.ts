import { describe, expect, it } from 'vitest';
import { editDistance, suggestCommand } from './suggest-command.js';

const commands = ['user:issue', 'user:list', 'user:revoke', 'user:renew', 'ca:init', 'ca:trust:add', 'vault:init', 'crl:show'];
const topics = ['user', 'ca', 'ca:trust', 'vault', 'crl'];

describe('editDistance', () => {
  it.each([
    ['issue', 'issue', 0],
    ['isue', 'issue', 1],
    ['isseu', 'issue', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %d', (a, b, n) => {
    expect(editDistance(a, b)).toBe(n);
  });
});

describe('suggestCommand', () => {
  it('keeps the arguments out of the typed command and suggests the nearest one', () => {
    expect(suggestCommand('user:isue:alice', commands, topics)).toEqual({ typed: 'user isue', topic: 'user', suggestion: 'user issue' });
  });

  it('reads nested topics', () => {
    expect(suggestCommand('ca:trust:ad:old.crt', commands, topics)).toEqual({ typed: 'ca trust ad', topic: 'ca trust', suggestion: 'ca trust add' });
  });

  it('suggests across topics for a mistyped topic', () => {
    expect(suggestCommand('usr:list:x', commands, topics)).toEqual({ typed: 'usr list', suggestion: 'user list' });
    expect(suggestCommand('crl:shw', commands, topics)).toMatchObject({ suggestion: 'crl show' });
  });

  it('suggests nothing far from every command', () => {
    expect(suggestCommand('deploy', commands, topics)).toEqual({ typed: 'deploy' });
  });
});
