import { BacktestResult, Rule, RuleList } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http.ts';
import { ruleKeys } from './alerts.api.ts';
import type { ImportEntry } from './ruleJson.ts';

/**
 * A definition as typed in the editor or read from a file: sent as it is, the server judges it
 * (400 request.invalid naming the faulty `definition.…` field).
 */
export interface Proposal {
  /** The rule changed; none for a new rule. */
  ruleId?: number | undefined;
  definition: unknown;
  enable: boolean;
}

function propose({ ruleId, definition, enable }: Proposal): Promise<Rule> {
  return ruleId === undefined
    ? request('/api/rules', { method: 'POST', body: { definition, enable }, schema: Rule })
    : request(`/api/rules/${ruleId}`, { method: 'PUT', body: { definition, enable }, schema: Rule });
}

/** A new rule or a new version of one, waiting for a second person's approval. */
export function useProposeRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: propose,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.all }),
  });
}

/** What happened to one rule of an import file. */
export type ImportOutcome =
  | { code: string; status: 'proposed'; kind: 'new' | 'change'; rule: Rule }
  | { code: string | null; status: 'refused'; kind: 'new' | 'change' | null; error: unknown }
  | { code: string | null; status: 'unreadable'; reason: 'not_object' | 'no_code' };

/**
 * Proposes each rule of a file in turn: a new version of the rule with that code when one exists
 * (the list is read again first), else a new rule. One refusal stops nothing: every rule's outcome
 * is returned.
 */
export function useImportRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (entries: ImportEntry[]): Promise<ImportOutcome[]> => {
      const list = await queryClient.fetchQuery({
        queryKey: ruleKeys.all,
        queryFn: ({ signal }) => request('/api/rules', { schema: RuleList, signal }),
        staleTime: 0,
      });
      const byCode = new Map(list.items.map((rule) => [rule.code, rule.id]));
      const outcomes: ImportOutcome[] = [];
      for (const entry of entries) {
        if (!entry.ok) {
          outcomes.push({ code: entry.code, status: 'unreadable', reason: entry.reason });
          continue;
        }
        const ruleId = byCode.get(entry.code);
        const kind = ruleId === undefined ? 'new' : 'change';
        try {
          const rule = await propose({ ruleId, definition: entry.definition, enable: entry.enable });
          // A file naming the same new code twice: the second is a change of the first.
          byCode.set(rule.code, rule.id);
          outcomes.push({ code: entry.code, status: 'proposed', kind, rule });
        } catch (error) {
          outcomes.push({ code: entry.code, status: 'refused', kind, error });
        }
      }
      return outcomes;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ruleKeys.all }),
  });
}

export interface BacktestInput {
  /** A stored rule (its version in force), or a draft definition. */
  ruleId?: number | undefined;
  definition?: unknown;
  from: string;
  to: string;
  beforeLoanStart: boolean;
}

/** Runs a rule over the stored history without creating alerts. */
export function useBacktest() {
  return useMutation({
    mutationFn: ({ ruleId, definition, from, to, beforeLoanStart }: BacktestInput) =>
      request('/api/rules/backtest', {
        method: 'POST',
        body: {
          ...(ruleId !== undefined ? { ruleIds: [ruleId] } : { definition }),
          from,
          to,
          beforeLoanStart,
        },
        schema: BacktestResult,
      }),
  });
}
