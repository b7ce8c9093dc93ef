/**
 * The UI language: the first of the user's preferred languages we have a catalog for, kept as the
 * full tag ("en-GB") so dates and numbers follow their region too. Anything we have no catalog for
 * falls back to the first supported language rather than mixing English words with, say, German
 * dates.
 */
export function pickLanguage(preferred: readonly string[], supported: readonly string[]): string {
  for (const tag of preferred) {
    let canonical: string | undefined;
    try {
      canonical = Intl.getCanonicalLocales(tag)[0];
    } catch {
      continue;
    }
    const base = canonical?.split('-')[0];
    if (canonical && base && supported.includes(base)) return canonical;
  }
  return supported[0] ?? 'en';
}
