// The offer terms a decision may carry: one row per key. More terms (repayment method, fees)
// are added by adding rows; the checker, the compiler and the studio read this table.

/** A term's value: a bare word from a fixed set (`line revolving`), or a number. */
export type TermValueSpec =
  | { kind: 'word'; words: readonly string[] }
  | { kind: 'numeric'; unit: 'money' | 'rate' | 'months' | 'days' | 'fee' };

export interface TermSpec {
  summary: string;
  value: TermValueSpec;
}

export const TERMS: Record<string, TermSpec> = {
  line: { summary: 'Kind of credit line: `revolving` (reusable, restored on repayment) or `single` (one drawdown).', value: { kind: 'word', words: ['revolving', 'single'] } },
  limit: { summary: 'The credit limit or loan amount.', value: { kind: 'numeric', unit: 'money' } },
  apr: { summary: 'All-in annual percentage rate, fees included; at most 36%. Computed instead when the offer gives `rate`.', value: { kind: 'numeric', unit: 'rate' } },
  term: { summary: 'Loan term in months.', value: { kind: 'numeric', unit: 'months' } },
  method: {
    summary: 'Repayment method: `equal_installments` (level payments), `equal_principal` (level principal) or `interest_first` (interest monthly, principal at the end). Default equal_installments.',
    value: { kind: 'word', words: ['equal_installments', 'equal_principal', 'interest_first'] },
  },
  rate: { summary: 'Nominal annual interest rate; with it the all-in APR is computed from the schedule, fees included, and capped at 36%.', value: { kind: 'numeric', unit: 'rate' } },
  upfront_fee: { summary: 'Fee taken when the loan is paid out: an amount, or a percent literal (`1%`) meaning a share of `limit`. Needs `rate`.', value: { kind: 'numeric', unit: 'fee' } },
  monthly_fee: { summary: 'Management or service fee per month: an amount, or a percent literal (`0.5%`) meaning a share of `limit`. Needs `rate`.', value: { kind: 'numeric', unit: 'fee' } },
  valid: { summary: 'Days the offer or line stays valid.', value: { kind: 'numeric', unit: 'days' } },
};

/** Terms that make the offer a priced loan: with `rate`, the all-in APR is computed (runtime/loan). */
export const FEE_TERMS = ['upfront_fee', 'monthly_fee'] as const;

/** A fee written as a percent literal (`1%`) is a share of `limit`; any other value is an amount. */
export const isShareOfLimit = (raw: string | undefined): boolean => raw !== undefined && raw.trimEnd().endsWith('%');

export const isTermKey = (key: string): boolean => Object.prototype.hasOwnProperty.call(TERMS, key);

/** The all-in APR cap (36%), exact decimal text: a literal above it is an error, a computed one turns approve into review. */
export const APR_CAP = '0.36';
