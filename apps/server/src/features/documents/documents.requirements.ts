import {
  CORPORATE_DOCUMENT_KINDS,
  type ClientKind,
  type CreditRating,
  type DocumentKind,
  type DocumentRequirement,
  type DocumentStatus,
  INDIVIDUAL_DOCUMENT_KINDS,
  type RequiredDocumentsMatrix,
  type RequirementState,
  type RiskTolerance,
} from '@dossier/contract';
import type { FieldIssue } from '../../core/errors.ts';

const WEAK_RATINGS: CreditRating[] = ['B', 'CCC', 'CC', 'C', 'D'];

/**
 * The built-in matrix, used until an administrator saves the bank's own. Every individual shows
 * an ID card or a passport; a client who accepts high risk (C4, C5) also shows their means. Every
 * company shows its business licence and articles; a weak credit rating (B or below) also needs a
 * credit report and financial statements.
 */
export const DEFAULT_REQUIRED_DOCUMENTS: RequiredDocumentsMatrix = {
  individual: {
    always: [['id_card', 'passport']],
    byRiskTolerance: { C4: [['financial_statement']], C5: [['financial_statement']] },
  },
  corporate: {
    always: [['business_licence'], ['articles']],
    byCreditRating: Object.fromEntries(
      WEAK_RATINGS.map((r) => [r, [['credit_report'], ['financial_statement']]]),
    ) as RequiredDocumentsMatrix['corporate']['byCreditRating'],
  },
};

/** Whether a document of this kind belongs on this kind of client's file. */
export function kindFitsClient(kind: DocumentKind, clientKind: ClientKind): boolean {
  if (clientKind === 'individual') return !CORPORATE_DOCUMENT_KINDS.includes(kind);
  return !INDIVIDUAL_DOCUMENT_KINDS.includes(kind);
}

/** What is wrong with a matrix an administrator wants to save, field by field. */
export function matrixIssues(m: RequiredDocumentsMatrix): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const check = (clientKind: ClientKind, path: string, reqs: DocumentKind[][]) => {
    reqs.forEach((anyOf, i) => {
      anyOf.forEach((kind, j) => {
        if (!kindFitsClient(kind, clientKind))
          issues.push({
            field: `${path}.${i}.${j}`,
            message: `${kind} is not a document of ${clientKind === 'individual' ? 'an individual' : 'a company'}`,
          });
      });
      if (new Set(anyOf).size !== anyOf.length)
        issues.push({ field: `${path}.${i}`, message: 'names a kind twice' });
    });
  };
  check('individual', 'individual.always', m.individual.always);
  for (const [level, reqs] of Object.entries(m.individual.byRiskTolerance))
    check('individual', `individual.byRiskTolerance.${level}`, reqs ?? []);
  check('corporate', 'corporate.always', m.corporate.always);
  for (const [level, reqs] of Object.entries(m.corporate.byCreditRating))
    check('corporate', `corporate.byCreditRating.${level}`, reqs ?? []);
  return issues;
}

export type RequirementClient = {
  kind: ClientKind;
  riskTolerance: RiskTolerance | null;
  creditRating: CreditRating | null;
};

/** A document as the requirements see it: its kind and its newest version. */
export type RequirementDocument = {
  id: number;
  kind: DocumentKind;
  status: DocumentStatus;
  expiresOn: string | null;
};

/** The requirements that apply to a client, each with why. */
export function requirementsFor(
  m: RequiredDocumentsMatrix,
  c: RequirementClient,
): { kinds: DocumentKind[]; because: string }[] {
  const out: { kinds: DocumentKind[]; because: string }[] = [];
  const add = (reqs: DocumentKind[][] | undefined, because: string) => {
    for (const kinds of reqs ?? []) out.push({ kinds, because });
  };
  if (c.kind === 'individual') {
    add(m.individual.always, 'always');
    if (c.riskTolerance)
      add(m.individual.byRiskTolerance[c.riskTolerance], `riskTolerance:${c.riskTolerance}`);
  } else {
    add(m.corporate.always, 'always');
    if (c.creditRating) add(m.corporate.byCreditRating[c.creditRating], `creditRating:${c.creditRating}`);
  }
  return out;
}

const RANK: Record<RequirementState, number> = { met: 3, pending_verification: 2, expired: 1, missing: 0 };

/** How one document stands against a requirement. A rejected one counts as not there. */
function stateOf(d: RequirementDocument, today: string): RequirementState {
  if (d.status === 'rejected') return 'missing';
  if (d.expiresOn !== null && d.expiresOn < today) return 'expired';
  return d.status === 'verified' ? 'met' : 'pending_verification';
}

/**
 * Which required documents a client has, is waiting on, has let expire or lacks. The best
 * document of the named kinds decides each requirement. `today` is YYYY-MM-DD; a document
 * expiring today is still valid today.
 */
export function evaluateRequirements(
  m: RequiredDocumentsMatrix,
  client: RequirementClient,
  documents: RequirementDocument[],
  today: string,
): DocumentRequirement[] {
  return requirementsFor(m, client).map(({ kinds, because }) => {
    let best: { d: RequirementDocument; state: RequirementState } | null = null;
    for (const d of documents) {
      if (!kinds.includes(d.kind)) continue;
      const state = stateOf(d, today);
      if (state === 'missing') continue;
      if (
        best === null ||
        RANK[state] > RANK[best.state] ||
        (RANK[state] === RANK[best.state] && (d.expiresOn ?? '9999') > (best.d.expiresOn ?? '9999'))
      ) {
        best = { d, state };
      }
    }
    return {
      kinds,
      because,
      state: best?.state ?? 'missing',
      documentId: best?.d.id ?? null,
      expiresOn: best?.d.expiresOn ?? null,
    };
  });
}
