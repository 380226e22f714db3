import { AsyncLocalStorage } from 'node:async_hooks';
import { IntlMessageFormat } from 'intl-messageformat';
import { i18nInstance, LANGUAGES, SOURCE_LANGUAGE } from './catalog.ts';

// The language and time zone of whoever the current work is for: a request (the agent's
// preference, else Accept-Language), an e-mail (its recipient's preference), or the CLI (LANG).
// Set once with withLocale(); t() and the formatters read it, so nothing threads it by hand.

export interface Locale {
  language: string;
  /** An IANA zone name; undefined means the server's TZ. */
  timeZone?: string | undefined;
}

const storage = new AsyncLocalStorage<Locale>();
let defaultLocale: Locale = { language: SOURCE_LANGUAGE };

/** PARLEY_DEFAULT_LANGUAGE: the language when nothing else decides. */
export function setDefaultLanguage(language: string): void {
  defaultLocale = { language: LANGUAGES.includes(language) ? language : SOURCE_LANGUAGE };
}

export function defaultLanguage(): string {
  return defaultLocale.language;
}

export function currentLocale(): Locale {
  return storage.getStore() ?? defaultLocale;
}

export function currentLanguage(): string {
  return currentLocale().language;
}

/** Runs fn (and everything it awaits) in the given language and time zone. */
export function withLocale<T>(locale: Locale, fn: () => T): T {
  return storage.run(locale, fn);
}

export type Params = Record<string, string | number | boolean | Date | null | undefined>;

// Each message is resolved by i18next once per language (its fallback to English, its missing-key
// report) and compiled once by intl-messageformat; a page then costs a map lookup per text, and a
// format call only where the message has placeholders. Catalogs are read once at start, so the
// caches never go stale.
const compiled = new Map<string, IntlMessageFormat>();
const plain = new Map<string, string>();

function compile(language: string, key: string): IntlMessageFormat | null {
  const id = `${language}\u0000${key}`;
  let format = compiled.get(id);
  if (format) return format;
  const raw = i18nInstance.getResource(language, 'translation', key) ?? i18nInstance.getResource(SOURCE_LANGUAGE, 'translation', key);
  if (typeof raw !== 'string') return null;
  // ignoreTag: "<" in a message is text (markup inside sentences is put together by the page).
  format = new IntlMessageFormat(raw, language, undefined, { ignoreTag: true });
  compiled.set(id, format);
  return format;
}

function translate(language: string, key: string, params?: Params): string {
  const id = `${language}\u0000${key}`;
  if (!params) {
    const hit = plain.get(id);
    if (hit !== undefined) return hit;
  }
  const format = compile(language, key);
  // Unknown key: i18next reports it (missingKeys) and answers the key itself.
  if (!format) return i18nInstance.t(key, { lng: language }) as string;
  const out = String(format.format(params as Record<string, string | number | boolean | Date | null | undefined>));
  if (!params) plain.set(id, out);
  return out;
}

/** The message `key` in the current language (ICU placeholders filled from params). */
export function t(key: string, params?: Params): string {
  return translate(currentLanguage(), key, params);
}

/** The message `key` in a given language, whatever the current one is (e-mails, logs). */
export function tIn(language: string, key: string, params?: Params): string {
  return translate(LANGUAGES.includes(language) ? language : SOURCE_LANGUAGE, key, params);
}

/** Whether the catalogs know the key (optional messages such as per-type history texts). */
export function hasMessage(key: string): boolean {
  return i18nInstance.exists(key, { lng: currentLanguage() });
}

/** A language's own name ("Deutsch"), from its catalog. */
export function languageName(language: string): string {
  return tIn(language, 'meta.name');
}
