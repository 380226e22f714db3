import { describe, expect, it } from 'vitest';
import { AclRegExpError, compileMatcher, matchesProperty, matchesText, perlRegExp } from './match.ts';
import type { PropertyValue } from './types.ts';

// Znuny's _CompareMatchWithData() for one value against one datum (SingleItem => 1).
describe('matchesText', () => {
  it.each([
    ['open', 'open', true],
    ['open', 'Open', false],
    ['open', 'opened', false],
    ['[Not]open', 'open', false],
    ['[Not]open', 'new', true],
    ['[RegExp]^Sal', 'Sales', true],
    ['[RegExp]^sal', 'Sales', false],
    ['[regexp]^sal', 'Sales', true],
    ['[NotRegExp]^Sal', 'Sales', false],
    ['[NotRegExp]^sal', 'Sales', true],
    ['[Notregexp]^sal', 'Sales', false],
    ['[Notregexp]^sup', 'Sales', true],
    // A positive value is first compared whole: '[RegExp]x' equals the text '[RegExp]x'.
    ['[RegExp]^x$', '[RegExp]^x$', true],
    // '[Not' with an unknown modifier (here a typo) negates nothing and matches everything in Znuny.
    ['[NotRegexp]Sales', 'Sales', true],
    ['[Not]', '', false],
    ['[Not]', 'x', true],
    // The modifiers are case-sensitive prefixes: '[REGEXP]' is plain text.
    ['[REGEXP]a', 'a', false],
    ['[REGEXP]a', '[REGEXP]a', true],
  ] as const)('%s against %s → %s', (value, datum, expected) => {
    expect(matchesText(compileMatcher(value), datum)).toBe(expected);
  });
});

// TicketAcl()'s array branch: a positive value needs one element, a negated one needs none.
describe('matchesProperty', () => {
  const cases: [string, PropertyValue, boolean][] = [
    ['twitter', ['users', 'twitter'], true],
    ['twitter', ['users'], false],
    ['twitter', [], false],
    ['[Not]twitter', ['users', 'twitter'], false],
    ['[Not]twitter', ['users'], true],
    ['[Not]twitter', [], true],
    ['[RegExp]^tw', ['users', 'twitter'], true],
    ['[NotRegExp]^tw', ['users', 'twitter'], false],
    ['[Notregexp]^TW', ['users'], true],
    // A missing attribute never matches, not even a negated value.
    ['[Not]twitter', undefined, false],
    ['[Not]twitter', null, false],
    ['[NotRegExp]x', undefined, false],
    ['twitter', undefined, false],
    // Numbers are compared as their text.
    ['1', 1, true],
    ['[Not]1', [1, 2], false],
    ['[Not]3', [1, 2], true],
    // An empty string is a value (Znuny tests `defined`), unlike a missing one.
    ['[Not]x', '', true],
    ['', '', true],
  ];
  it.each(cases)('%s against %j → %s', (value, property, expected) => {
    expect(matchesProperty(compileMatcher(value), property)).toBe(expected);
  });
});

describe('perlRegExp', () => {
  it.each([
    ['\\AOpen\\z', 'Open', true],
    ['\\AOpen\\z', 'Open queue', false],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['(?i)^raw', 'RAW', true],
    ['^raw\\Z', 'raw\n', true],
    // Perl accepts identity escapes such as \- that a unicode JavaScript regex refuses.
    ['a\\-b', 'a-b', true],
  ] as const)('/%s/ on %j → %s', (source, text, expected) => {
    expect(perlRegExp(source, '').test(text)).toBe(expected);
  });

  it('reports a pattern JavaScript cannot read', () => {
    expect(() => compileMatcher('[RegExp](unclosed')).toThrow(AclRegExpError);
    expect(() => compileMatcher('[Notregexp][z-a]')).toThrow(AclRegExpError);
  });
});
