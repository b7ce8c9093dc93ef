/**
 * Fills a canned response's `{{variables}}` in. Pure and single-pass: the template is scanned once
 * and each value is inserted as plain text, so a customer named "{{agent.firstName}}" or
 * "<b>Bob</b>" ends up in the reply exactly as written, never expanded or interpreted. Whatever
 * cannot be filled (an unknown name, a missing value) stays visible in the text and is reported,
 * so the agent sees it before sending.
 */

export const CANNED_VARIABLES = [
  'customer.firstName',
  'customer.name',
  'customer.company',
  'agent.firstName',
  'agent.name',
  'conversation.subject',
] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

const KNOWN: ReadonlySet<string> = new Set(CANNED_VARIABLES);
const isKnown = (name: string): name is CannedVariable => KNOWN.has(name);

/** `{{ name }}`: a dotted identifier, spaces inside the braces allowed. */
const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)\s*\}\}/g;

/** A value longer than this is not a name or a subject; it is cut rather than pasted whole. */
const VALUE_MAX = 200;

export interface CannedContext {
  customer?: { name: string; company?: string | null } | null;
  agent?: { name: string } | null;
  conversation?: { subject: string } | null;
}

export type CannedSegment =
  | { kind: 'text'; text: string }
  /** `value` is null when the variable is unknown or has no value here; `raw` is what was typed. */
  | { kind: 'variable'; name: string; raw: string; known: boolean; value: string | null };

export interface RenderedCanned {
  text: string;
  segments: CannedSegment[];
  /** Names that are not variables at all (typos): left in the text as typed. */
  unknown: string[];
  /** Known variables with no value for this conversation: left in the text as typed. */
  missing: CannedVariable[];
}

/**
 * Makes a customer-supplied value safe to paste into one line of a reply: control characters
 * and bidirectional overrides (which can make text read differently than it is) become spaces,
 * runs of whitespace collapse, and the result is bounded.
 */
export function plainValue(raw: string): string {
  const flat = raw
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= VALUE_MAX) return flat;
  // Never split a surrogate pair: a lone half renders as garbage.
  const cut = /[\uD800-\uDBFF]/.test(flat.charAt(VALUE_MAX - 1)) ? VALUE_MAX - 1 : VALUE_MAX;
  return `${flat.slice(0, cut)}…`;
}

/** "Mai Tanaka" → "Mai". A name without spaces (e.g. written in CJK script) is used whole. */
export function firstNameOf(name: string): string {
  return plainValue(name).split(' ')[0] ?? '';
}

function valueOf(name: CannedVariable, ctx: CannedContext): string | null {
  const pick = (v: string | null | undefined) => {
    const clean = v === null || v === undefined ? '' : plainValue(v);
    return clean.length > 0 ? clean : null;
  };
  switch (name) {
    case 'customer.firstName':
      return pick(ctx.customer ? firstNameOf(ctx.customer.name) : null);
    case 'customer.name':
      return pick(ctx.customer?.name);
    case 'customer.company':
      return pick(ctx.customer?.company);
    case 'agent.firstName':
      return pick(ctx.agent ? firstNameOf(ctx.agent.name) : null);
    case 'agent.name':
      return pick(ctx.agent?.name);
    case 'conversation.subject':
      return pick(ctx.conversation?.subject);
  }
}

export function renderCanned(body: string, ctx: CannedContext): RenderedCanned {
  const segments: CannedSegment[] = [];
  const unknown = new Set<string>();
  const missing = new Set<CannedVariable>();
  let at = 0;
  for (const match of body.matchAll(VARIABLE)) {
    const raw = match[0];
    const name = match[1] ?? '';
    const start = match.index;
    if (start > at) segments.push({ kind: 'text', text: body.slice(at, start) });
    at = start + raw.length;
    if (!isKnown(name)) {
      unknown.add(name);
      segments.push({ kind: 'variable', name, raw, known: false, value: null });
      continue;
    }
    const value = valueOf(name, ctx);
    if (value === null) missing.add(name);
    segments.push({ kind: 'variable', name, raw, known: true, value });
  }
  if (at < body.length) segments.push({ kind: 'text', text: body.slice(at) });
  const text = segments.map((s) => (s.kind === 'text' ? s.text : (s.value ?? s.raw))).join('');
  return { text, segments, unknown: [...unknown], missing: [...missing] };
}

/** The variable names a body uses that the renderer does not know: for an editor's warning. */
export function unknownCannedVariables(body: string): string[] {
  const out = new Set<string>();
  for (const match of body.matchAll(VARIABLE)) {
    const name = match[1] ?? '';
    if (!isKnown(name)) out.add(name);
  }
  return [...out];
}
