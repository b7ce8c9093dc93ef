import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { pickLanguage } from './language.ts';
import { en, NAMESPACES } from './locales/en/index.ts';
import './types.ts';

/** Catalogs bundled with the app: no backend, so the workspace speaks the same language offline. */
const SUPPORTED = ['en'] as const;

const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;

/** The one i18next instance of the renderer; components reach it through `useTranslation`. */
export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en },
  lng: pickLanguage(preferred, SUPPORTED),
  fallbackLng: 'en',
  supportedLngs: SUPPORTED,
  // "en-GB" is accepted and resolves to the "en" catalog; Intl still gets the regional tag.
  nonExplicitSupportedLngs: true,
  load: 'languageOnly',
  ns: NAMESPACES,
  defaultNS: 'common',
  // The resources are in memory: initialise synchronously so the first render has its strings.
  initAsync: false,
  returnNull: false,
  interpolation: {
    // Off only because every translated string reaches the page as React text, which React
    // escapes. A translation must never be passed to dangerouslySetInnerHTML or a native
    // API that parses HTML; the one non-React sink, system notifications, shows plain text.
    escapeValue: false,
  },
});

/** Keeps `<html lang>` on the UI language, for screen readers, hyphenation and spell checking. */
export function bindDocumentLanguage(doc: Document): void {
  doc.documentElement.lang = i18n.language;
  i18n.on('languageChanged', (lng) => {
    doc.documentElement.lang = lng;
  });
}

export { I18nextProvider, Trans, useTranslation } from 'react-i18next';
