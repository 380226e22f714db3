import { AsyncLocalStorage } from 'node:async_hooks';
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

/** The message `key` in the current language (ICU placeholders filled from params). */
export function t(key: string, params?: Params): string {
  return i18nInstance.t(key, { lng: currentLanguage(), ...(params ?? {}) }) as string;
}

/** The message `key` in a given language, whatever the current one is (e-mails, logs). */
export function tIn(language: string, key: string, params?: Params): string {
  return i18nInstance.t(key, { lng: language, ...(params ?? {}) }) as string;
}

/** Whether the catalogs know the key (optional messages such as per-type history texts). */
export function hasMessage(key: string): boolean {
  return i18nInstance.exists(key, { lng: currentLanguage() });
}

/** A language's own name ("Deutsch"), from its catalog. */
export function languageName(language: string): string {
  return tIn(language, 'meta.name');
}
