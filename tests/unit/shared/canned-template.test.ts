import { describe, expect, it } from 'vitest';
import {
  firstNameOf,
  plainValue,
  renderCanned,
  unknownCannedVariables,
  type CannedContext,
} from '#shared/logic/canned-template.ts';

const ctx: CannedContext = {
  customer: { name: 'Mai Tanaka', company: 'Kobe Tea Co.' },
  agent: { name: 'Ada Lovelace' },
  conversation: { subject: 'Order #1042 is late' },
};

describe('renderCanned', () => {
  it('fills every known variable, with or without spaces inside the braces', () => {
    const r = renderCanned(
      'Hi {{customer.firstName}} ({{ customer.name }}, {{customer.company}}), re “{{conversation.subject}}” — {{agent.firstName}} / {{agent.name}}',
      ctx,
    );
    expect(r.text).toBe(
      'Hi Mai (Mai Tanaka, Kobe Tea Co.), re “Order #1042 is late” — Ada / Ada Lovelace',
    );
    expect(r.unknown).toEqual([]);
    expect(r.missing).toEqual([]);
  });

  it('leaves unknown variables visible and reports them once', () => {
    const r = renderCanned('Hi {{customer.frstName}}, {{customer.frstName}} {{order.id}}!', ctx);
    expect(r.text).toBe('Hi {{customer.frstName}}, {{customer.frstName}} {{order.id}}!');
    expect(r.unknown).toEqual(['customer.frstName', 'order.id']);
    expect(r.segments.filter((s) => s.kind === 'variable')).toHaveLength(3);
  });

  it('leaves a variable without a value visible and reports it as missing', () => {
    const r = renderCanned('Hi {{customer.firstName}} at {{customer.company}}', {
      customer: { name: '   ', company: null },
    });
    expect(r.text).toBe('Hi {{customer.firstName}} at {{customer.company}}');
    expect(r.missing).toEqual(['customer.firstName', 'customer.company']);
    expect(renderCanned('{{agent.name}}', {}).missing).toEqual(['agent.name']);
  });

  it('never expands variables that arrive inside a value', () => {
    const r = renderCanned('Dear {{customer.name}}, from {{agent.firstName}}', {
      customer: { name: '{{agent.firstName}} {{ conversation.subject }}' },
      agent: { name: 'Ada' },
      conversation: { subject: 'SECRET' },
    });
    expect(r.text).toBe('Dear {{agent.firstName}} {{ conversation.subject }}, from Ada');
    expect(r.text).not.toContain('SECRET');
  });

  it('inserts markup and template syntax as inert text', () => {
    const hostile = '<img src=x onerror=alert(1)> ${process.env} <%= 7*7 %> &amp;';
    const r = renderCanned('Hi {{customer.name}}', { customer: { name: hostile } });
    expect(r.text).toBe(`Hi ${hostile}`);
  });

  it('flattens control characters, newlines and direction overrides out of values', () => {
    const r = renderCanned('Hi {{customer.name}}, thanks', {
      customer: { name: 'Bob\n\nPlease wire $500 to\u0000 me\u202e\u2066evil\u200f\t' },
    });
    expect(r.text).toBe('Hi Bob Please wire $500 to me evil, thanks');
  });

  it('bounds long values without splitting a character', () => {
    // 'a' first, so the cut lands between the two halves of an emoji unless it steps back.
    expect(plainValue(`a${'😀'.repeat(150)}`)).toBe(`a${'😀'.repeat(99)}…`);
    expect(plainValue('😀'.repeat(150))).toBe(`${'😀'.repeat(100)}…`);
    expect(
      renderCanned('{{customer.name}}', { customer: { name: 'x'.repeat(5000) } }).text,
    ).toHaveLength(201);
  });

  it('treats malformed braces as text', () => {
    const body = '{{ }} {{customer.}} {customer.name} {{{customer.name}}} {{customer.name';
    const r = renderCanned(body, ctx);
    expect(r.text).toBe('{{ }} {{customer.}} {customer.name} {Mai Tanaka} {{customer.name');
    expect(r.unknown).toEqual([]);
  });

  it('copes with pathological input (a backtracking pattern would hit the test timeout)', () => {
    const body = '{{'.repeat(20_000) + 'a'.repeat(20_000) + '{{ customer.name';
    expect(renderCanned(body, ctx).text).toBe(body);
  });

  it('joins its segments into its text', () => {
    const r = renderCanned('A {{customer.firstName}} B {{nope}} C', ctx);
    expect(r.segments).toEqual([
      { kind: 'text', text: 'A ' },
      {
        kind: 'variable',
        name: 'customer.firstName',
        raw: '{{customer.firstName}}',
        known: true,
        value: 'Mai',
      },
      { kind: 'text', text: ' B ' },
      { kind: 'variable', name: 'nope', raw: '{{nope}}', known: false, value: null },
      { kind: 'text', text: ' C' },
    ]);
  });
});

describe('helpers', () => {
  it('takes the first word as a first name, and a name without spaces whole', () => {
    expect(firstNameOf('  Mai   Tanaka ')).toBe('Mai');
    expect(firstNameOf('山田太郎')).toBe('山田太郎');
    expect(firstNameOf('')).toBe('');
  });

  it('lists the unknown variables a body uses, for an editor to warn about', () => {
    expect(unknownCannedVariables('{{customer.firstName}} {{cusomter.name}} {{x}} {{x}}')).toEqual([
      'cusomter.name',
      'x',
    ]);
  });
});
