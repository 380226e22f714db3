import type { Context, MiddlewareHandler } from 'hono';
import { findPreferences } from '../db/repos/preferences.ts';
import { defaultLanguage, LANGUAGES, pickLanguage, withLocale, type Locale } from '../i18n/index.ts';
import type { AppEnv } from './context.ts';

/** The language of this request: the preference, else the browser's Accept-Language, else PARLEY_DEFAULT_LANGUAGE. */
export function requestLanguage(c: Context<AppEnv>, preference?: string | null): string {
  return pickLanguage({
    preference,
    acceptLanguage: c.req.header('accept-language'),
    fallback: c.get('deps')?.config.defaultLanguage ?? defaultLanguage(),
    supported: LANGUAGES,
  });
}

/**
 * Every request runs in one language and time zone (issue 13): the agent's preference, else the
 * browser's Accept-Language, else PARLEY_DEFAULT_LANGUAGE; the zone from the preference, else the
 * server's TZ. Pages, API messages and formatted dates read it through t() and i18n/format.ts.
 */
export function localeMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const actor = c.get('actor');
    const prefs = actor ? await findPreferences(deps.db, actor.id) : undefined;
    c.set('preferences', prefs ?? null);
    const language = requestLanguage(c, prefs?.language);
    const locale: Locale = { language, timeZone: prefs?.time_zone ?? undefined };
    c.set('locale', locale);
    await withLocale(locale, () => next());
    c.header('Content-Language', language);
    const vary = c.res.headers.get('Vary');
    if (!vary?.toLowerCase().includes('accept-language')) c.header('Vary', vary ? `${vary}, Accept-Language` : 'Accept-Language');
  };
}
