import type { RuleDefinition, RuleDefinitionInput } from '@dossier/contract';

/** Where JSON.parse gave up: 1-based line and column, when the engine said the position. */
export interface JsonSyntaxError {
  message: string;
  line: number | null;
  column: number | null;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

/** 1-based line and column of a 0-based offset in `text`. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/**
 * Where a text stops being JSON: the offset of the first character that cannot continue it (the
 * text's length when it ends too early), or null when it is JSON. Engines do not always say (V8
 * writes `Unexpected token 'h', ..."ity": high"... is not valid JSON`), so the place is found here.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (at: number): never => {
    throw at;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(i);
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail(i);
      } else if (ch < ' ') fail(i);
      else i++;
    }
    fail(i);
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail(i);
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail(i);
        string();
        space();
        if (text[i] !== ':') fail(i);
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail(i);
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail(i);
      }
    }
    if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) number();
    else fail(i);
  };
  try {
    value();
    space();
    return i < text.length ? i : null;
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}

/** JSON.parse with the place of a syntax error (1-based line and column). */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const offset = jsonErrorOffset(text);
    if (offset !== null) return { ok: false, error: { message, ...lineColumnOf(text, offset) } };
    return { ok: false, error: { message, line: null, column: null } };
  }
}

/** Where something stands in the editor's text: [start, end) offsets. */
export type Span = { start: number; end: number };

/**
 * Where the server's path of a fault (`definition.conditions.0.windowDays`, or without the
 * `definition.` prefix) stands in a JSON text: the value's span, or for a member that is missing
 * (a required field left out) the nearest enclosing value's. Null when the text is not JSON.
 */
export function spanOfPath(text: string, field: string): Span | null {
  if (jsonErrorOffset(text) !== null) return null;
  const path = field.replace(/^definition\.?/, '');
  const spans = new Map<string, Span>();
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const stringEnd = (from: number) => {
    let j = from + 1;
    while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  const value = (at: string): void => {
    space();
    const start = i;
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      space();
      let index = 0;
      while (text[i] !== close) {
        let key = String(index++);
        if (ch === '{') {
          const end = stringEnd(i);
          key = JSON.parse(text.slice(i, end)) as string;
          i = end;
          space();
          i++; // the colon
        }
        value(at === '' ? key : `${at}.${key}`);
        space();
        if (text[i] === ',') {
          i++;
          space();
        }
      }
      i++;
    } else if (ch === '"') i = stringEnd(i);
    else while (i < text.length && !',}] \t\n\r'.includes(text[i] as string)) i++;
    spans.set(at, { start, end: i });
  };
  value('');
  for (let parts = path === '' ? [] : path.split('.'); ; parts = parts.slice(0, -1)) {
    const span = spans.get(parts.join('.'));
    if (span) return span;
    if (parts.length === 0) return null;
  }
}

/** The offset of a 1-based line and column in `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

/** How a definition is shown for editing: two-space JSON, as a file of it would be written. */
export function formatDefinition(definition: RuleDefinition | RuleDefinitionInput): string {
  return JSON.stringify(definition, null, 2);
}

/** A new rule's starting point: every field a definition needs, with a simple condition to change. */
export const RULE_TEMPLATE: RuleDefinitionInput = {
  code: 'new_rule',
  name: { zh: '新规则', en: 'New rule' },
  description: {
    zh: '7 日内转出合计达到 50 万元。',
    en: 'Outflows over 7 days reach ¥500,000.',
  },
  rationale: {
    zh: '说明设置此规则的理由。',
    en: 'Why this rule is worth an alert.',
  },
  severity: 'medium',
  cooldownHours: 72,
  when: 'all',
  conditions: [{ metric: 'outflow_sum', windowDays: 7, op: '>=', value: 50_000_000 }],
};

/** One proposal read from an import file: what to send, or why it cannot be sent. */
export type ImportEntry =
  | { ok: true; code: string; definition: unknown; enable: boolean }
  | { ok: false; code: string | null; reason: 'not_object' | 'no_code' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The proposals in an import file: one definition, an array of them, or `{definition, enable}`
 * objects (alone or in an array). The server judges each definition; here only what cannot be sent
 * at all (not an object, no code to know whether the rule exists) is refused.
 */
export function importEntries(value: unknown): ImportEntry[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item): ImportEntry => {
    if (!isRecord(item)) return { ok: false, code: null, reason: 'not_object' };
    const wrapped = isRecord(item.definition);
    const definition = wrapped ? (item.definition as Record<string, unknown>) : item;
    const enable = wrapped && typeof item.enable === 'boolean' ? item.enable : true;
    const code = typeof definition.code === 'string' ? definition.code.trim() : '';
    if (!code) return { ok: false, code: null, reason: 'no_code' };
    return { ok: true, code, definition, enable };
  });
}
