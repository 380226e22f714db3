export { LANGUAGES, SOURCE_LANGUAGE, missingKeys } from './catalog.ts';
export { currentLanguage, currentLocale, defaultLanguage, hasMessage, languageName, setDefaultLanguage, t, tIn, withLocale, type Locale, type Params } from './locale.ts';
export { formatDate, formatDateTime, formatNumber, formatUsd, formatRelative, localInputValue, localeTag, zonedToUtc } from './format.ts';
export { acceptedLanguages, pickLanguage } from './negotiate.ts';
