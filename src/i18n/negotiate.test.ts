import { describe, expect, it } from 'vitest';
import { acceptedLanguages, pickLanguage } from './negotiate.ts';

const supported = ['en', 'de'];

describe('acceptedLanguages', () => {
  it.each([
    ['de-DE,de;q=0.9,en;q=0.8', ['de-de', 'de', 'en']],
    ['en;q=0.5, de', ['de', 'en']],
    ['fr;q=0, de;q=0.1', ['de']],
    ['', []],
    ['<script>, de', ['de']],
    ['*', ['*']],
  ])('%j → %j', (header, expected) => {
    expect(acceptedLanguages(header)).toEqual(expected);
  });
});

describe('pickLanguage', () => {
  it.each([
    [{ preference: 'de', acceptLanguage: 'en' }, 'de'],
    [{ preference: null, acceptLanguage: 'de-AT,en;q=0.5' }, 'de'],
    [{ preference: null, acceptLanguage: 'fr, en;q=0.3, de;q=0.2' }, 'en'],
    [{ preference: null, acceptLanguage: 'fr, it' }, 'en'],
    [{ preference: 'xx', acceptLanguage: 'de' }, 'de'],
    [{ preference: null, acceptLanguage: null, fallback: 'de' }, 'de'],
    [{ preference: null, acceptLanguage: '*', fallback: 'de' }, 'de'],
    [{ preference: null, acceptLanguage: null, fallback: 'xx' }, 'en'],
  ])('%j → %s', (choice, expected) => {
    expect(pickLanguage({ fallback: 'en', supported, ...choice })).toBe(expected);
  });
});
