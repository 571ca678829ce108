// The offer terms a decision may carry: one row per key. More terms (repayment method, fees)
// are added by adding rows; the checker, the compiler and the studio read this table.

/** A term's value: a bare word from a fixed set (`line revolving`), or a number. */
export type TermValueSpec =
  | { kind: 'word'; words: readonly string[] }
  | { kind: 'numeric'; unit: 'money' | 'rate' | 'months' | 'days' };

export interface TermSpec {
  summary: string;
  value: TermValueSpec;
}

export const TERMS: Record<string, TermSpec> = {
  line: { summary: 'Kind of credit line: `revolving` (reusable, restored on repayment) or `single` (one drawdown).', value: { kind: 'word', words: ['revolving', 'single'] } },
  limit: { summary: 'The credit limit or loan amount.', value: { kind: 'numeric', unit: 'money' } },
  apr: { summary: 'All-in annual percentage rate, fees included; at most 36%.', value: { kind: 'numeric', unit: 'rate' } },
  term: { summary: 'Loan term in months.', value: { kind: 'numeric', unit: 'months' } },
  valid: { summary: 'Days the offer or line stays valid.', value: { kind: 'numeric', unit: 'days' } },
};

export const isTermKey = (key: string): boolean => Object.prototype.hasOwnProperty.call(TERMS, key);

/** The all-in APR cap (36%), exact decimal text: a literal above it is an error, a computed one turns approve into review. */
export const APR_CAP = '0.36';
