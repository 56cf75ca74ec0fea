import { RuleDefinition } from '@dossier/contract';
import { describe, expect, it } from 'vitest';
import { hitsByDay } from '../../src/features/alerts/backtestShape.ts';
import {
  importEntries,
  jsonErrorOffset,
  formatDefinition,
  lineColumnOf,
  offsetOf,
  parseJson,
  RULE_TEMPLATE,
  spanOfPath,
} from '../../src/features/alerts/ruleJson.ts';

describe('a rule definition as JSON', () => {
  it('finds where a text stops being JSON, whatever the engine says', () => {
    const samples: [string, number | null][] = [
      ['{"a": 1}', null],
      [' [1, -2.5e3, "x\\n", true, false, null, {}] ', null],
      ['{\n  "severity": high\n}', 16],
      ['{"a": 1,}', 8],
      ['{"a" 1}', 5],
      ['[1, 2', 5],
      ['{"a": "open', 11],
      ['{"a": 01}', 7],
      ['{"a": 1} x', 9],
      ['', 0],
      ['{"a": "\\q"}', 7],
    ];
    for (const [text, offset] of samples) expect(jsonErrorOffset(text), text).toBe(offset);
    // Whatever the offsets, the verdict is JSON.parse's.
    for (const [text] of samples) {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(jsonErrorOffset(text) === null, text).toBe(parses);
    }
  });

  it('says the line and column of a syntax error', () => {
    expect(lineColumnOf('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    const broken = parseJson('{\n  "code": "x",\n  "severity": high\n}');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error).toMatchObject({ line: 3, column: 15 });
    expect(parseJson('{"code": "x"}')).toEqual({ ok: true, value: { code: 'x' } });
  });

  it('starts a new rule from a template the contract accepts', () => {
    expect(RuleDefinition.safeParse(RULE_TEMPLATE).success).toBe(true);
  });

  it('reads the rules of an import file in each of its shapes', () => {
    const def = { code: 'a_rule', severity: 'high' };
    expect(importEntries(def)).toEqual([{ ok: true, code: 'a_rule', definition: def, enable: true }]);
    expect(importEntries([def, { definition: { ...def, code: 'b_rule' }, enable: false }])).toEqual([
      { ok: true, code: 'a_rule', definition: def, enable: true },
      { ok: true, code: 'b_rule', definition: { ...def, code: 'b_rule' }, enable: false },
    ]);
    expect(importEntries(['x', { severity: 'low' }, []])).toEqual([
      { ok: false, code: null, reason: 'not_object' },
      { ok: false, code: null, reason: 'no_code' },
      { ok: false, code: null, reason: 'not_object' },
    ]);
    expect(importEntries([])).toEqual([]);
  });

  it('fills the days of a backtest range without hits with 0', () => {
    expect(hitsByDay([{ day: '2026-03-02', alerts: 3 }], '2026-03-01', '2026-03-03')).toEqual({
      days: ['2026-03-01', '2026-03-02', '2026-03-03'],
      alerts: [0, 3, 0],
    });
    // A range of years: only the days with hits.
    expect(hitsByDay([{ day: '2026-03-02', alerts: 3 }], '2020-01-01', '2026-03-03')).toEqual({
      days: ['2026-03-02'],
      alerts: [3],
    });
  });
});

describe('a fault’s place in the editor', () => {
  const text = formatDefinition(RULE_TEMPLATE);
  const at = (field: string) => {
    const span = spanOfPath(text, field);
    return span ? text.slice(span.start, span.end) : null;
  };

  it('finds the value the server’s path names, with or without the definition prefix', () => {
    expect(at('definition.conditions.0.windowDays')).toBe('7');
    expect(at('conditions.0.op')).toBe('">="');
    expect(at('definition.name.en')).toBe('"New rule"');
    expect(at('definition.conditions.0')).toBe(
      JSON.stringify(RULE_TEMPLATE.conditions[0], null, 2).replaceAll('\n', '\n    '),
    );
  });

  it('points at the nearest enclosing value for a member left out, and at nothing in broken JSON', () => {
    expect(at('definition.conditions.0.baseline')).toBe(at('definition.conditions.0'));
    expect(at('definition.appliesTo')).toBe(text);
    expect(spanOfPath('{"a": ', 'a')).toBeNull();
    // Escaped quotes inside strings do not end them.
    const quoted = '{"q": "say \\"hi\\"", "x": [1, 2]}';
    const span = spanOfPath(quoted, 'x.1')!;
    expect(quoted.slice(span.start, span.end)).toBe('2');
    expect(quoted.slice(0, span.start)).toBe('{"q": "say \\"hi\\"", "x": [1, ');
  });

  it('turns a line and column back into an offset', () => {
    const t = 'ab\ncd\nef';
    for (let o = 0; o < t.length; o++) {
      const { line, column } = lineColumnOf(t, o);
      expect(offsetOf(t, line, column)).toBe(o);
    }
  });
});
