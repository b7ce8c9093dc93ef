import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHardCodedStrings } from './support/hard-coded-strings.ts';

const RENDERER = join(import.meta.dirname, '../../../src-renderer');

const tsxFiles = readdirSync(RENDERER, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.tsx'))
  .sort();

describe('no user-visible string is written into JSX', () => {
  it('finds the renderer’s components', () => {
    expect(tsxFiles.length).toBeGreaterThan(40);
  });

  it('leaves every .tsx under src-renderer free of hard-coded text', () => {
    const findings = tsxFiles.flatMap((f) =>
      findHardCodedStrings(f, readFileSync(join(RENDERER, f), 'utf8')).map(
        (x) => `${relative(process.cwd(), join(RENDERER, f))}:${x.line} ${x.where}: ${x.text}`,
      ),
    );
    expect(findings, 'move these to src-renderer/i18n/locales/en and use t()').toEqual([]);
  });
});

describe('the guard itself', () => {
  const scan = (source: string) =>
    findHardCodedStrings('probe.tsx', source).map((f) => `${f.where}: ${f.text}`);

  it('catches text, literal children and the attributes people read', () => {
    const source = `
      export const A = ({ on, n }: { on: boolean; n: number }) => (
        <section aria-label="Inbox" title={'Last activity'}>
          <p>Nothing here.</p>
          <p>{on ? 'Send' : t('composer.addNote')}</p>
          <input placeholder={\`Reply to \${n}\`} alt={n > 1 && 'Photos'} />
          <Menu label="Status" />
        </section>
      );`;
    expect(scan(source)).toEqual([
      'aria-label: Inbox',
      'title: Last activity',
      'text: Nothing here.',
      'child: Send',
      'placeholder: Reply to',
      'alt: Photos',
      'label: Status',
    ]);
  });

  it('lets translated text, data, symbols and key caps through', () => {
    const source = `
      export const B = ({ c, mode }: { c: { name: string }; mode: string }) => (
        <div aria-label={t('row.unread')} className="row" data-mode="reply">
          {c.name} · {mode === 'reply' ? t('composer.send') : null} ×
          <kbd className="kbd">j</kbd> <span className="kbd">?</span>
          <span className="brand-name">Promptly</span>
          <Trans i18nKey="composer.sendHint" />
        </div>
      );`;
    expect(scan(source)).toEqual([]);
  });

  it('does not take a single letter for a key cap outside a <kbd>', () => {
    expect(scan('export const C = () => <b>a</b>;')).toEqual(['text: a']);
  });
});
