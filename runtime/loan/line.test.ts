import { describe, expect, it } from 'vitest';
import { available, drawdown, markOverdue, openLine, repay, type CreditLine } from './line.js';

const must = (r: { ok: boolean; line?: CreditLine }): CreditLine => {
  if (!r.ok || !r.line) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r.line;
};

describe('revolving line', () => {
  const line = openLine({ id: 'L1', kind: 'revolving', limit: '10000', opened: '2026-01-01', validDays: 365 });

  it('the seed: limit 10,000, draw 1,000 twice, repay the first: 9,000 available; an overdue loan, then no drawdown', () => {
    let l = must(drawdown(line, '1000', '2026-02-01'));
    l = must(drawdown(l, '1000', '2026-02-02'));
    expect(available(l, '2026-02-02')).toBe('8000.00');
    l = must(repay(l, 'L1-1', '1000', '2026-03-01'));
    expect(available(l, '2026-03-01')).toBe('9000.00');
    l = must(markOverdue(l, 'L1-2'));
    expect(drawdown(l, '100', '2026-03-10')).toEqual({ ok: false, reason: 'overdue' });
    expect(available(l, '2026-03-10')).toBe('9000.00');
    l = must(repay(l, 'L1-2', '1000', '2026-03-11'));
    expect(drawdown(l, '100', '2026-03-12').ok).toBe(true);
  });

  it('refuses above what is available, outside its validity, and bad input; never changes the line given', () => {
    const l = must(drawdown(line, '9500', '2026-02-01'));
    expect(drawdown(l, '600', '2026-02-01')).toEqual({ ok: false, reason: 'above_available' });
    expect(drawdown(line, '100', '2027-01-01')).toEqual({ ok: false, reason: 'expired' });
    expect(drawdown(line, '100', '2025-12-31')).toEqual({ ok: false, reason: 'not_yet_valid' });
    expect(drawdown(line, '-5', '2026-02-01')).toEqual({ ok: false, reason: 'invalid_amount' });
    expect(repay(l, 'L1-9', '1', '2026-02-02')).toEqual({ ok: false, reason: 'unknown_loan' });
    expect(repay(l, 'L1-1', '9500.01', '2026-02-02')).toEqual({ ok: false, reason: 'above_outstanding' });
    expect(line.loans).toEqual([]);
    expect(available(line, '2026-12-31')).toBe('10000.00');
    expect(available(line, '2027-01-01')).toBe('0.00');
  });

  it('a partial repayment restores part of the limit', () => {
    let l = must(drawdown(line, '3000', '2026-02-01'));
    l = must(repay(l, 'L1-1', '1250.50', '2026-02-15'));
    expect(available(l, '2026-02-15')).toBe('8250.50');
    expect(l.repayments).toEqual([{ loanId: 'L1-1', amount: '1250.50', on: '2026-02-15' }]);
  });
});

describe('single-use line', () => {
  const whole = openLine({ id: 'S1', kind: 'single', limit: '5000', opened: '2026-03-01', validDays: 15 });
  const lower = openLine({ id: 'S2', kind: 'single', limit: '5000', opened: '2026-03-01', validDays: 7, allowLower: true });

  it('draws the whole amount once; a lower one only where allowed; no second drawdown even once repaid', () => {
    expect(drawdown(whole, '3000', '2026-03-02')).toEqual({ ok: false, reason: 'must_draw_whole' });
    let l = must(drawdown(whole, '5000', '2026-03-02'));
    expect(available(l, '2026-03-02')).toBe('0.00');
    l = must(repay(l, 'S1-1', '5000', '2026-03-05'));
    expect(drawdown(l, '5000', '2026-03-06')).toEqual({ ok: false, reason: 'already_drawn' });
    expect(available(l, '2026-03-06')).toBe('0.00');
    expect(drawdown(lower, '3000', '2026-03-02').ok).toBe(true);
  });

  it('expires after its validity', () => {
    expect(whole.validTo).toBe('2026-03-15');
    expect(drawdown(whole, '5000', '2026-03-15').ok).toBe(true);
    expect(drawdown(whole, '5000', '2026-03-16')).toEqual({ ok: false, reason: 'expired' });
    expect(drawdown(lower, '5000', '2026-03-08')).toEqual({ ok: false, reason: 'expired' });
  });
});
