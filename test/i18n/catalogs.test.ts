// The catalogs stay complete and consistent: every language has exactly the keys English has,
// every message parses as ICU MessageFormat with the same placeholders in every language, and
// every key the code looks up literally is in the catalogs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { flatten, readCatalogs, SOURCE_LANGUAGE } from '../../src/i18n/catalog.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const catalogs = Object.fromEntries(Object.entries(readCatalogs()).map(([l, c]) => [l, flatten(c)]));
const source = catalogs[SOURCE_LANGUAGE]!;
const others = Object.keys(catalogs).filter((l) => l !== SOURCE_LANGUAGE);

/** Placeholder names and kinds of a message ("count:plural", "name:argument"), sorted. */
export function placeholders(message: string): string[] {
  const out = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      if (el.type === TYPE.tag) {
        out.add(`<${el.value}>`);
        walk(el.children);
        continue;
      }
      out.add(`${el.value}:${TYPE[el.type]}`);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...out].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('message catalogs', () => {
  it('has a German catalog besides the English one', () => {
    expect(others).toContain('de');
  });

  it.each(others)('%s has every key English has, and no other', (lang) => {
    const have = catalogs[lang]!;
    expect(Object.keys(source).filter((k) => !(k in have)), `keys missing in locales/${lang}.json`).toEqual([]);
    expect(Object.keys(have).filter((k) => !(k in source)), `keys in locales/${lang}.json that English does not have`).toEqual([]);
  });

  it.each(Object.keys(catalogs))('every message of %s is valid ICU and has no empty text', (lang) => {
    const bad: string[] = [];
    for (const [k, v] of Object.entries(catalogs[lang]!)) {
      if (!v.trim()) bad.push(`${k}: empty`);
      try {
        parse(v, { ignoreTag: true });
      } catch (e) {
        bad.push(`${k}: ${(e as Error).message}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it.each(others)('%s uses the same placeholders as English in every message', (lang) => {
    const differ: string[] = [];
    for (const [k, v] of Object.entries(catalogs[lang]!)) {
      const en = source[k];
      if (en === undefined) continue;
      const a = placeholders(en).join(' ');
      const b = placeholders(v).join(' ');
      if (a !== b) differ.push(`${k}: en {${a}} ≠ ${lang} {${b}}`);
    }
    expect(differ).toEqual([]);
  });

  it('knows every key the code looks up by name', () => {
    const missing: string[] = [];
    // t('key'), t("key"), tIn(lang, 'key'), and msg('key') for messages made later.
    const pattern = /\b(?:t|tIn\([^,()]+,|msg|i18nKey)\(\s*['"]([a-zA-Z][\w.+-]*)['"]/g;
    const keyed = /\bt\(\s*['"]([a-zA-Z][\w.+-]*)['"]/g;
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const re of [pattern, keyed]) for (const m of text.matchAll(re)) if (!(m[1]! in source)) missing.push(`${relative(ROOT, file)}: ${m[1]}`);
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('placeholders()', () => {
  it.each([
    ['{count, plural, one {# ticket} other {# tickets}}', ['count:plural']],
    ['Queue "{name}" saved.', ['name:argument']],
    ['{n, number} of {total}', ['n:number', 'total:argument']],
    ['plain', []],
  ])('%s', (m, want) => expect(placeholders(m)).toEqual(want));
});
