import { describe, expect, it } from 'vitest';
import { i18n } from '../../../src-renderer/i18n/index.ts';
import { pickLanguage } from '../../../src-renderer/i18n/language.ts';
import { fileSize, formatList, shortAgo } from '../../../src-renderer/i18n/format.ts';
import { en, NAMESPACES } from '../../../src-renderer/i18n/locales/en/index.ts';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as [path, text], e.g. ["inbox:bulk.selected_one", "{{count}} selected"]. */
function leaves(tree: Tree, prefix: string): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[`${prefix}${key}`, value] as [string, string]]
      : leaves(value, `${prefix}${key}.`),
  );
}

const all = NAMESPACES.flatMap((ns) => leaves(en[ns] as Tree, `${ns}:`));
const PLURAL = /_(zero|one|two|few|many|other)$/;

describe('the English catalog', () => {
  it('registers every namespace it defines', () => {
    expect([...NAMESPACES].sort()).toEqual(Object.keys(en).sort());
    expect(all.length).toBeGreaterThan(300);
  });

  it('gives every plural its _one and _other forms', () => {
    const keys = new Set(all.map(([k]) => k));
    const missing = [...keys]
      .filter((k) => PLURAL.test(k))
      .map((k) => k.replace(PLURAL, ''))
      .flatMap((base) => ['_one', '_other'].map((s) => base + s))
      .filter((k) => !keys.has(k));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('uses no placeholder name that i18next reads as an option', () => {
    const reserved = new Set([
      'context',
      'lng',
      'lngs',
      'ns',
      'defaultValue',
      'ordinal',
      'replace',
    ]);
    const clashes = all.flatMap(([key, text]) =>
      [...text.matchAll(/\{\{\s*(\w+)/g)]
        .map((m) => m[1]!)
        .filter((name) => reserved.has(name))
        .map((name) => `${key}: {{${name}}}`),
    );
    expect(clashes).toEqual([]);
  });
});

describe('the i18n instance', () => {
  it('is ready synchronously, in English, with plurals and the zero form', () => {
    expect(i18n.isInitialized).toBe(true);
    expect(i18n.t('inbox:bulk.selected', { count: 1 })).toBe('1 selected');
    expect(i18n.t('customer:fullTimeline', { count: 1 })).toBe('Full timeline · 1 conversation');
    expect(i18n.t('customer:fullTimeline', { count: 3 })).toBe('Full timeline · 3 conversations');
    expect(i18n.t('notifications:bell.label', { count: 0 })).toBe('Notifications, none unread');
    expect(i18n.t('notifications:bell.label', { count: 2 })).toBe('Notifications, 2 unread');
  });

  it('does not escape interpolated values: React escapes them when they render', () => {
    expect(i18n.t('conversation:assignedTo', { name: '<b>Ada & Lin</b>' })).toBe(
      'Assigned to <b>Ada & Lin</b>',
    );
  });

  it('formats numbers in counts and sizes for the language', () => {
    expect(i18n.t('inbox:bootstrap.progress', { count: 12_345 })).toMatch(/^12,345 conversations/);
    expect(fileSize(1_572_864)).toBe('1.5 MB');
    expect(formatList(['Ada', 'Lin'])).toBe('Ada and Lin');
  });

  it('words relative times from the catalog', () => {
    const now = Date.UTC(2025, 0, 14, 12);
    expect(shortAgo(now - 45_000, now)).toBe('45s');
    expect(shortAgo(now - 12 * 60_000, now)).toBe('12m');
    expect(shortAgo(now - 3 * 3_600_000, now)).toBe('3h');
  });
});

describe('pickLanguage', () => {
  it('keeps the region of a supported language, for dates and numbers', () => {
    expect(pickLanguage(['en-GB', 'fr'], ['en'])).toBe('en-GB');
    expect(pickLanguage(['de-DE', 'en-US'], ['en'])).toBe('en-US');
  });

  it('falls back to the first supported language, and survives a malformed tag', () => {
    expect(pickLanguage(['de-DE'], ['en'])).toBe('en');
    expect(pickLanguage(['not a tag!', 'en'], ['en'])).toBe('en');
    expect(pickLanguage([], ['en'])).toBe('en');
  });
});
