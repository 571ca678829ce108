// `verdict schedule`: the trial repayment schedule and all-in APR of given loan terms — the same
// functions (runtime/loan) that price an offer at run time, so what it prints is what a drawn
// loan will be.

import { APR_CAP } from '../../grammar/check/terms.js';
import { allInAprOf, showApr } from '../../runtime/loan/apr.js';
import { METHODS, invalidTerms, schedule, type Fee, type LoanTerms, type Method } from '../../runtime/loan/schedule.js';
import { parseDecimal } from '../../runtime/values.js';
import { str, UsageError, type CommandSpec } from '../args.js';
import Decimal from 'decimal.js';

const NUMBER = /^\d+(\.\d+)?$/;

/** `24%` → `0.24`; `0.24` stays. A bare number above 1 (`24`) is refused: it would mean 2400%. */
function rate(text: string, option: string): string {
  const pct = text.endsWith('%');
  const digits = pct ? text.slice(0, -1) : text;
  if (!NUMBER.test(digits)) throw new UsageError(`--${option} takes a rate such as 24% or 0.24, not ${text}`);
  if (!pct && new Decimal(digits).gt(1))
    throw new UsageError(`--${option} ${text} would be ${new Decimal(digits).times(100).toString()}%: write ${digits}% for ${digits} percent, or ${new Decimal(digits).div(100).toString()} as a fraction`);
  return pct ? new Decimal(digits).div(100).toString() : digits;
}

/**
 * An amount of money as typed: to the cent at most (the schedule would round it silently), and
 * within the numbers the runtime holds exactly (runtime/values.ts: `parseDecimal`).
 */
function money(text: string, option: string, what: string): string {
  if (!NUMBER.test(text)) throw new UsageError(`--${option} takes ${what}, not ${text}`);
  if (/\.\d{3,}$/.test(text)) throw new UsageError(`--${option} takes an amount to the cent (at most 2 decimals), not ${text}`);
  const parsed = parseDecimal(text);
  if (typeof parsed === 'string') throw new UsageError(`--${option}: ${parsed}`);
  return text;
}

/** `1%` → a share of the amount; `200` → an amount. */
function fee(text: string | undefined, option: string): Fee | undefined {
  if (text === undefined) return undefined;
  if (text.endsWith('%')) return { rate: rate(text, option) };
  return { amount: money(text, option, 'an amount (200) or a percent of the amount (1%)') };
}

const pct = (r: string): string => `${new Decimal(r).times(100).toDecimalPlaces(4).toString()}%`;

export const scheduleCommand: CommandSpec = {
  name: 'schedule',
  usage: 'verdict schedule --amount N --term MONTHS --rate R% [--method M] [--upfront-fee F] [--monthly-fee F] [--json]',
  summary: 'Print the trial repayment schedule and all-in APR of loan terms, and whether it is within the 36% cap.',
  details: [
    `Methods: ${METHODS.join(', ')} (default equal_installments).`,
    'A fee is an amount (200) or a percent of the amount (1%). Every amount is rounded to the cent,',
    'half up; the last period absorbs the remainder. The all-in APR is the monthly IRR of what the',
    'borrower receives and pays, fees included, times 12.',
    'Exit status: 0 within the cap, 1 above it, 2 for a usage error.',
    '',
    'Examples:',
    '  verdict schedule --amount 12000 --term 12 --rate 24%',
    '  verdict schedule --amount 10000 --term 6 --rate 18% --method equal_principal --upfront-fee 1% --monthly-fee 10 --json',
  ].join('\n'),
  options: {
    amount: { type: 'string', value: 'N', help: 'The amount lent, to the cent' },
    term: { type: 'string', value: 'MONTHS', help: 'Term in months' },
    rate: { type: 'string', value: 'R%', help: 'Nominal annual rate (24% or 0.24; a bare number above 1 is refused)' },
    method: { type: 'string', value: 'M', help: `Repayment method: ${METHODS.join(' | ')}` },
    'upfront-fee': { type: 'string', value: 'F', help: 'Up-front fee: an amount or a percent of the amount' },
    'monthly-fee': { type: 'string', value: 'F', help: 'Monthly management/service fee: an amount or a percent of the amount' },
    json: { type: 'boolean', help: 'Print the schedule and APR as JSON' },
  },
  async run(args, io) {
    if (args.positionals.length) throw new UsageError('schedule takes no positional arguments. Run `verdict schedule --help` for usage.');
    const amount = str(args.values.amount);
    const term = str(args.values.term);
    const r = str(args.values.rate);
    if (!amount || !term || !r) throw new UsageError('give --amount, --term and --rate');
    const method = (str(args.values.method) ?? 'equal_installments') as Method;
    if (!METHODS.includes(method)) throw new UsageError(`--method takes ${METHODS.join(', ')}, not ${method}`);
    if (!/^\d+$/.test(term)) throw new UsageError(`--term takes a whole number of months, not ${term}`);
    const terms: LoanTerms = {
      amount: money(amount, 'amount', 'a positive number'),
      months: Number(term),
      rate: rate(r, 'rate'),
      method,
      upfrontFee: fee(str(args.values['upfront-fee']), 'upfront-fee'),
      monthlyFee: fee(str(args.values['monthly-fee']), 'monthly-fee'),
    };
    const why = invalidTerms(terms);
    if (why) throw new UsageError(why);
    const s = schedule(terms);
    const apr = allInAprOf(s);
    const within = !apr.gt(APR_CAP);
    if (args.values.json) {
      io.stdout(`${JSON.stringify({ ...s, apr: showApr(apr), withinCap: within }, null, 2)}\n`);
      return within ? 0 : 1;
    }
    const head = ['#', 'principal', 'interest', 'fee', 'payment', 'balance'];
    const rows = s.periods.map((p) => [String(p.n), p.principal, p.interest, p.fee, p.payment, p.balance]);
    rows.push(['total', s.totals.principal, s.totals.interest, new Decimal(s.totals.fees).minus(s.upfrontFee).toFixed(2), s.totals.payment, '']);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
    const out = [
      `Loan ${s.terms.amount} over ${s.terms.months} months at ${pct(s.terms.rate)} nominal, ${method}`,
      `Up-front fee ${s.upfrontFee}, received ${s.received}`,
      '',
      line(head),
      ...rows.map(line),
      '',
      `All-in APR ${pct(showApr(apr))} (monthly IRR × 12, fees included): ${within ? 'within' : 'ABOVE'} the ${pct(APR_CAP)} cap`,
    ];
    io.stdout(`${out.join('\n')}\n`);
    return within ? 0 : 1;
  },
};
