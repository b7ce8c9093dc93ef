import { useState } from 'react';
import type { Customer } from '#shared/domain/customer.ts';
import type { Identity, IdentityKind } from '#shared/domain/identity.ts';
import { useTranslation } from '../../i18n/index.ts';
const ORDER: IdentityKind[] = ['email', 'phone', 'chat_visitor', 'social'];

/**
 * Every way the customer reaches us, by channel. The record's own email and phone count too:
 * older customers may have them without a matching identity row.
 */
function grouped(customer: Customer | undefined, identities: readonly Identity[]) {
  const byKind = new Map<IdentityKind, string[]>();
  const add = (kind: IdentityKind, value: string | null | undefined) => {
    if (!value) return;
    const list = byKind.get(kind) ?? [];
    const same = (v: string) =>
      kind === 'email' ? v.toLowerCase() === value.toLowerCase() : v === value;
    if (!list.some(same)) list.push(value);
    byKind.set(kind, list);
  };
  add('email', customer?.email);
  add('phone', customer?.phone);
  for (const i of [...identities].sort((a, b) => a.createdAt - b.createdAt)) add(i.kind, i.value);
  return ORDER.filter((k) => byKind.has(k)).map((k) => ({ kind: k, values: byKind.get(k)! }));
}

function CopyButton({ value, kind }: { value: string; kind: IdentityKind }) {
  const { t } = useTranslation('customer');
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="cp-icon-btn"
      aria-label={t(`identities.copy.${kind}`, { value })}
      title={copied ? t('identities.copied') : t('identities.copyTitle')}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1_200);
          },
          () => undefined,
        );
      }}
    >
      {copied ? '✓' : <CopyGlyph />}
    </button>
  );
}

function CopyGlyph() {
  return (
    <svg
      width="12"
      height="12"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      aria-hidden="true"
    >
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5" />
    </svg>
  );
}

export function Identities({
  customer,
  identities,
}: {
  customer: Customer | undefined;
  identities: readonly Identity[];
}) {
  const { t } = useTranslation('customer');
  const groups = grouped(customer, identities);
  if (groups.length === 0) return <p className="cp-empty">{t('identities.none')}</p>;
  return (
    <dl className="cp-identities" aria-label={t('identities.label')}>
      {groups.map((g) => (
        <div key={g.kind} className="cp-identity-group">
          <dt>{t(`identities.kind.${g.kind}`)}</dt>
          {g.values.map((v) => (
            <dd key={v} className="cp-identity">
              <span className="cp-identity-value" title={v}>
                {v}
              </span>
              <CopyButton value={v} kind={g.kind} />
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}
