import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInstance, type i18n } from 'i18next';

// The message catalogs: one JSON file per language in locales/ (locales/de.json, locales/en.json).
// Messages are ICU MessageFormat ("{count, plural, one {# Ticket} other {# Tickets}}"); i18next
// holds them and looks them up by key, falling back to English for a key a catalog lacks, and
// FormatJS's intl-messageformat formats them with plurals, selects and interpolation (locale.ts).
// A third language is one more file (see docs/i18n.md).

export const LOCALES_DIR = join(import.meta.dirname, '..', '..', 'locales');
export const SOURCE_LANGUAGE = 'en';

export type Catalog = { [key: string]: string | Catalog };

/** Every catalog file, by language code (the file name). */
export function readCatalogs(dir = LOCALES_DIR): Record<string, Catalog> {
  const out: Record<string, Catalog> = {};
  for (const f of readdirSync(dir).sort()) {
    const m = /^([a-z]{2,3}(?:-[A-Z]{2})?)\.json$/.exec(f);
    if (m) out[m[1]!] = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Catalog;
  }
  if (!out[SOURCE_LANGUAGE]) throw new Error(`locales/${SOURCE_LANGUAGE}.json is missing`);
  return out;
}

/** Flattens a catalog into dotted keys: { "layout.nav.tickets": "Tickets", … }. */
export function flatten(catalog: Catalog, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(catalog)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

const catalogs = readCatalogs();

/** The languages Parley speaks: one per catalog file, English first. */
export const LANGUAGES: readonly string[] = [SOURCE_LANGUAGE, ...Object.keys(catalogs).filter((l) => l !== SOURCE_LANGUAGE)];

/** Keys looked up that no catalog has; a test renders every page and expects none. */
export const missingKeys = new Set<string>();

function createI18n(): i18n {
  const instance = createInstance();
  instance.init({
    initAsync: false,
    resources: Object.fromEntries(Object.entries(catalogs).map(([lng, c]) => [lng, { translation: c }])),
    lng: SOURCE_LANGUAGE,
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    returnNull: false,
    returnEmptyString: false,
    saveMissing: true,
    missingKeyHandler: (_lngs: readonly string[], _ns: string, key: string) => {
      missingKeys.add(key);
    },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  return instance;
}

export const i18nInstance = createI18n();
