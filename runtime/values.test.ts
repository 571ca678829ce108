import { describe, expect, it } from 'vitest';
import {
  Dec,
  Quotient,
  add,
  cmpNum,
  div,
  EvalFault,
  exact,
  monthsBetween,
  mul,
  numberFromJson,
  numEq,
  numToString,
  parseDate,
  parseDecimal,
  formatDate,
  roundHalfUp,
  roundToStep,
  scaleOf,
  sub,
  type Num,
} from './values.js';

const n = (s: string): Num => {
  const v = parseDecimal(s);
  if (typeof v === 'string') throw new Error(v);
  return v;
};
const str = (v: Num) => numToString(v);

describe('exact arithmetic', () => {
  it('0.1 + 0.2 == 0.3', () => {
    const s = add(n('0.1'), n('0.2'));
    expect(numEq(s, n('0.3'))).toBe(true);
    expect(str(s)).toBe('0.3');
  });

  it('stays on JS numbers when provably exact', () => {
    expect(add(0.1, 0.2)).toBe(0.3);
    expect(sub(1, 0.9)).toBe(0.1);
    expect(mul(0.07, 100)).toBe(7);
    expect(mul(1.1, 1.1)).toBe(1.21);
    expect(add(2 ** 52, 2 ** 52)).not.toBe(2 ** 53 + 0.5); // falls back to Decimal beyond safe range
    expect(str(add(9007199254740991, 2))).toBe('9007199254740993');
  });

  it('falls back to Decimal when doubles cannot carry the result', () => {
    const big = add(n('123456789012345'), n('0.678'));
    expect(str(big)).toBe('123456789012345.678');
    expect(str(mul(n('12345678.9'), n('98765432.1')))).toBe('1219326311126352.69');
  });

  it('a debt of exactly 6 × income is not greater than 6 × income', () => {
    const income = n('1234.57');
    const debt = mul(income, 6);
    expect(str(debt)).toBe('7407.42');
    expect(cmpNum(debt, mul(6, income))).toBe(0);
    expect(cmpNum(div(debt, income), 6)).toBe(0);
  });

  it('divides exactly when the quotient terminates, lazily otherwise', () => {
    expect(div(6, 3)).toBe(2);
    expect(exact(div(7, 2))).toBe(3.5);
    expect(exact(div(1, 8))).toBe(0.125);
    expect(exact(div(0.3, 0.1))).toBe(3);
    expect(cmpNum(div(0.3, 0.1), 3)).toBe(0);
    expect(cmpNum(div(1, 3), div(2, 6))).toBe(0);
    expect(cmpNum(div(1, 3), div(3333, 10000))).toBe(1);
    const q = div(3000, 8500);
    expect(q).toBeInstanceOf(Quotient);
    expect(str(q)).toBe('0.3529411764705882352941176470588235');
    expect(cmpNum(q, 0.35)).toBe(1);
    expect(cmpNum(q, n('0.3529411764705882352941176470588235'))).toBe(0);
    expect(str(div(1, 3))).toBe('0.3333333333333333333333333333333333');
    expect(str(div(2, 3))).toBe('0.6666666666666666666666666666666667'); // 34 digits, half even
  });

  it('division by zero is a fault', () => {
    expect(() => div(1, 0)).toThrow(EvalFault);
    expect(() => div(1, new Dec(0))).toThrow('division by zero');
  });

  it('a number and its Decimal form are equal', () => {
    expect(numEq(0.1, new Dec('0.1'))).toBe(true);
    expect(numEq(new Dec('8500.00'), 8500)).toBe(true);
    expect(cmpNum(new Dec('0.1000000000000000001'), 0.1)).toBe(1);
  });

  it('scaleOf recognises doubles of short decimals only', () => {
    expect(scaleOf(0.36)).toBe(2);
    expect(scaleOf(8500)).toBe(0);
    expect(scaleOf(0.1 + 0.2)).toBe(-1);
  });
});

describe('rounding', () => {
  it('floor and ceil to a step', () => {
    expect(roundToStep(25501, 100, 'floor')).toBe(25500);
    expect(roundToStep(25501, 100, 'ceil')).toBe(25600);
    expect(roundToStep(-150, 100, 'floor')).toBe(-200);
    expect(str(roundToStep(n('1234.567'), n('0.01'), 'floor'))).toBe('1234.56');
    expect(str(roundToStep(n('-1234.561'), n('0.01'), 'ceil'))).toBe('-1234.56');
    expect(roundToStep(2.5, undefined, 'floor')).toBe(2);
    expect(() => roundToStep(1, 0, 'floor')).toThrow(EvalFault);
  });

  it('the double fast paths agree with Decimal on random decimals', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const steps = [1, 100, 0.01, 0.05, 7, 2.5];
    for (let i = 0; i < 2000; i++) {
      const x = Math.round((rnd() - 0.3) * 1e8) / 100;
      const y = Math.round((rnd() - 0.5) * 1e6) / 1000;
      const dx = new Dec(x);
      const dy = new Dec(y);
      expect(str(add(x, y))).toBe(dx.plus(dy).toFixed());
      expect(str(sub(x, y))).toBe(dx.minus(dy).toFixed());
      expect(str(mul(x, y))).toBe(dx.times(dy).toFixed());
      if (y !== 0) {
        expect(str(div(x, y))).toBe(dx.div(dy).toFixed());
        expect(cmpNum(div(x, y), 0.35)).toBe(dx.div(dy).cmp(0.35));
      }
      const step = steps[i % steps.length];
      const ds = new Dec(step);
      expect(str(roundToStep(x, step, 'floor'))).toBe(dx.div(ds).floor().times(ds).toFixed());
      expect(str(roundToStep(x, step, 'ceil'))).toBe(dx.div(ds).ceil().times(ds).toFixed());
    }
  });

  it('round half away from zero', () => {
    expect(roundHalfUp(2.5, undefined)).toBe(3);
    expect(roundHalfUp(-2.5, undefined)).toBe(-3);
    expect(str(roundHalfUp(n('1.005'), 2))).toBe('1.01');
    expect(str(roundHalfUp(1234, -2))).toBe('1200');
    expect(roundHalfUp(0.25, 2)).toBe(0.25);
  });
});

describe('parsing numbers', () => {
  it('reads decimal strings exactly', () => {
    expect(parseDecimal('8500.00')).toBe(8500);
    expect(parseDecimal('-1.5e3')).toBe(-1500);
    expect(str(n('0.1234567890123456789'))).toBe('0.1234567890123456789');
  });

  it('rejects non-numbers and values beyond the bound', () => {
    expect(typeof parseDecimal('abc')).toBe('string');
    expect(typeof parseDecimal('NaN')).toBe('string');
    expect(typeof parseDecimal('Infinity')).toBe('string');
    expect(typeof parseDecimal('')).toBe('string');
    expect(typeof parseDecimal('1'.repeat(400))).toBe('string');
    expect(typeof parseDecimal('1e400')).toBe('string');
    expect(typeof parseDecimal('1'.repeat(35))).toBe('string');
    expect(typeof parseDecimal('1'.repeat(22))).toBe('string');
    expect(str(n('1'.repeat(21)))).toBe('1'.repeat(21));
  });

  it('reads JSON numbers by their shortest form', () => {
    expect(numberFromJson(0.1)).toBe(0.1);
    expect(str(numberFromJson(0.1 + 0.2) as Num)).toBe('0.30000000000000004');
    expect(typeof numberFromJson(NaN)).toBe('string');
    expect(typeof numberFromJson(Infinity)).toBe('string');
    expect(typeof numberFromJson(Number('1'.repeat(400)))).toBe('string');
    expect(typeof numberFromJson(1e300)).toBe('string');
  });

  it('prints plain decimals', () => {
    expect(numToString(1e-7)).toBe('0.0000001');
    expect(numToString(-0)).toBe('0');
    expect(numToString(new Dec('1e20'))).toBe('100000000000000000000');
  });
});

describe('dates', () => {
  it('parses dates and the date of ISO date-times', () => {
    expect(formatDate(parseDate('2026-03-01')!)).toBe('2026-03-01');
    expect(formatDate(parseDate('2026-03-01T23:30:00-05:00')!)).toBe('2026-03-01');
    expect(parseDate('2026-02-30')).toBeUndefined();
    // A time stamp's time and offset must be real ones too.
    for (const bad of ['2025-04-25T99:99', '2025-04-25T24:00', '2025-04-25T23:60', '2025-04-25T12:00:61', '2025-04-25T12:00+99:99', '2025-04-25T12:00+05:60'])
      expect([bad, parseDate(bad)]).toEqual([bad, undefined]);
    for (const ok of ['2025-04-25T23:59:60Z', '2025-04-25 00:00', '2025-04-25T12:00:00.123456789+05:30', '2025-04-25T12:00-0800'])
      expect([ok, parseDate(ok) !== undefined]).toEqual([ok, true]);
    expect(parseDate('2024-02-29')).toBeDefined();
    expect(parseDate('01/03/2026')).toBeUndefined();
  });

  it('counts whole months', () => {
    const d = (s: string) => parseDate(s)!;
    expect(monthsBetween(d('2025-01-15'), d('2025-03-14'))).toBe(1);
    expect(monthsBetween(d('2025-01-15'), d('2025-03-15'))).toBe(2);
    expect(monthsBetween(d('2025-01-31'), d('2025-02-28'))).toBe(1);
    expect(monthsBetween(d('2025-03-15'), d('2025-01-15'))).toBe(-2);
  });
});
