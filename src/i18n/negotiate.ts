// Which language a person gets: their own preference, else the first language of the browser's
// Accept-Language that Parley speaks (by quality, then order), else the server's default.

/** Language ranges of an Accept-Language header, best first ("de-CH;q=0.9" → "de-ch"). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranges: { tag: string; q: number; i: number }[] = [];
  header
    .slice(0, 1000)
    .split(',')
    .slice(0, 50)
    .forEach((part, i) => {
      const [rawTag, ...params] = part.trim().split(';');
      const tag = rawTag?.trim().toLowerCase() ?? '';
      if (!/^(?:[a-z]{1,8}(?:-[a-z0-9]{1,8})*|\*)$/.test(tag)) return;
      let q = 1;
      for (const p of params) {
        const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
        if (m) q = Number(m[1]);
      }
      if (q > 0) ranges.push({ tag, q, i });
    });
  return ranges.sort((a, b) => b.q - a.q || a.i - b.i).map((r) => r.tag);
}

export interface LanguageChoice {
  preference?: string | null | undefined;
  acceptLanguage?: string | null | undefined;
  fallback: string;
  supported: readonly string[];
}

export function pickLanguage({ preference, acceptLanguage, fallback, supported }: LanguageChoice): string {
  if (preference && supported.includes(preference)) return preference;
  for (const tag of acceptedLanguages(acceptLanguage)) {
    if (tag === '*') break;
    const primary = tag.split('-')[0]!;
    const exact = supported.find((s) => s.toLowerCase() === tag);
    if (exact) return exact;
    const base = supported.find((s) => s.toLowerCase() === primary);
    if (base) return base;
  }
  return supported.includes(fallback) ? fallback : supported[0]!;
}
