import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseDurationDays } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['90d', 90 * 86_400],
    ['1y', 365 * 86_400],
    ['18mo', 18 * 30 * 86_400],
    ['2w', 14 * 86_400],
    ['1m', 60],
    ['90s', 90],
    ['1h30m', 5_400],
    ['8760h', 8_760 * 3_600],
    [' 1y2d ', 367 * 86_400],
  ])('reads %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['90', /no unit: write 90d/],
    ['1M', /ambiguous: write mo for months or m for minutes/],
    ['', /not a duration/],
    ['1x', /not a duration/],
    ['1.5d', /not a duration/],
    ['-1d', /not a duration/],
    ['d', /not a duration/],
    ['0d', /not a positive duration/],
    ['101y', /longer than 100 years/],
  ])('refuses %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});

describe('parseDurationDays', () => {
  it('gives whole days', () => {
    expect(parseDurationDays('1y')).toBe(365);
    expect(parseDurationDays('48h')).toBe(2);
  });

  it('refuses a part of a day, naming whole-day values', () => {
    expect(() => parseDurationDays('36h')).toThrow(/not a whole number of days: use 1d or 2d/);
    expect(() => parseDurationDays('12h')).toThrow(/use 1d$/);
  });
});

describe('formatDuration', () => {
  it.each([
    [365 * 86_400, '1y'],
    [3_650 * 86_400, '10y'],
    [90 * 86_400, '90d'],
    [84 * 86_400, '12w'],
    [30 * 86_400, '30d'],
    [5_400, '1h30m'],
    [0, '0s'],
  ])('writes %d as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
    if (seconds > 0) expect(parseDuration(text)).toBe(seconds);
  });
});
