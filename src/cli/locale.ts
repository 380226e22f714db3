import { LANGUAGES, SOURCE_LANGUAGE } from '../i18n/index.ts';

/**
 * The language of the CLI's messages to people: as for any Unix tool, LC_ALL, else LC_MESSAGES,
 * else LANG ("de_DE.UTF-8" → de). The first of them that is set decides; when it names a language
 * Parley does not speak ("C", "fr_FR"), PARLEY_DEFAULT_LANGUAGE does, as it does for the server.
 */
export function cliLanguage(env: NodeJS.ProcessEnv = process.env): string {
  const fallback = env['PARLEY_DEFAULT_LANGUAGE'] && LANGUAGES.includes(env['PARLEY_DEFAULT_LANGUAGE']) ? env['PARLEY_DEFAULT_LANGUAGE'] : SOURCE_LANGUAGE;
  const setting = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '');
  if (!setting) return fallback;
  const language = setting.split(/[_.@-]/)[0]!.toLowerCase();
  return LANGUAGES.includes(language) ? language : fallback;
}
