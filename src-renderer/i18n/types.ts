import type { en } from './locales/en/index.ts';

// The English catalog is the source of truth for keys: `t('inbox:nope')` does not compile, and
// interpolation values are checked against the placeholders of the English text.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof en;
    returnNull: false;
  }
}
