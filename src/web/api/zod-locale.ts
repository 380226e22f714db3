import { z } from '@hono/zod-openapi';
import { currentLanguage, LANGUAGES } from '../../i18n/index.ts';

// zod's own messages ("Invalid input: expected number, received string") follow the request's
// language: zod ships a locale per language; this picks the one for t()'s current language.
// Messages a schema gives itself are translated where the schema names them ({ error: () => t(…) }).

type ZodLocale = ReturnType<typeof z.locales.en>;
const ZOD_LOCALES: Record<string, () => ZodLocale> = { en: z.locales.en, de: z.locales.de };
const loaded = new Map<string, ZodLocale>();

function zodLocale(language: string): ZodLocale {
  const lang = LANGUAGES.includes(language) && ZOD_LOCALES[language] ? language : 'en';
  let l = loaded.get(lang);
  if (!l) {
    l = ZOD_LOCALES[lang]!();
    loaded.set(lang, l);
  }
  return l;
}

z.config({ localeError: (issue) => zodLocale(currentLanguage()).localeError(issue) });
