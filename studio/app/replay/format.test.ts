import { describe, expect, it } from 'vitest';
import { counted } from '../../../runtime/replay/figures.js';
import { moneyChange, ordinal, progressShare, rateChange, runLabels, sideLabel, signedCount, splitOverrides } from './format.js';

describe('replay panel helpers', () => {
  it('says places and counts in English: 1st, 2nd, 11th, 22nd; 1 record, 2 records', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
    expect(counted(1, 'record')).toBe('1 record');
    expect(counted(0, 'record')).toBe('0 records');
    expect(counted(3000, 'record', (n) => n.toLocaleString('en-US'))).toBe('3,000 records');
    expect(counted(3000, 'record')).toBe('3,000 records');
  });

  it('splits overrides on lines, commas and semicolons, but not inside a list or a quoted value', () => {
    expect(splitOverrides('min_phone_tenure=3, max_dti=0.6\n\nzhima_low=on;')).toEqual(['min_phone_tenure=3', 'max_dti=0.6', 'zhima_low=on']);
    expect(splitOverrides('channels=["app", "h5"], note="a, b"')).toEqual(['channels=["app", "h5"]', 'note="a, b"']);
    expect(splitOverrides('  ')).toEqual([]);
  });

  it('labels the sides of a run and its progress', () => {
    expect(sideLabel({ version: 2 })).toBe('v2');
    expect(sideLabel({ draft: 'policy …', set: ['min_phone_tenure=3'], switch: ['zhima_low=on'] })).toBe('draft (min_phone_tenure=3, switch zhima_low=on)');
    expect(progressShare({ records: 10, bytes: 250, totalBytes: 1000 })).toBe(0.25);
    expect(progressShare({ records: 10, bytes: 250 })).toBeUndefined();
  });

  it('reads a run summary whatever shape its labels take', () => {
    expect(runLabels({ id: 'r1', status: 'done', createdAt: '', inputs: { base: { version: 1 }, candidate: { draft: 'x', set: ['a=1'] }, dataset: 'data/a.jsonl' } })).toEqual({
      base: 'v1',
      candidate: 'draft (a=1)',
      dataset: 'data/a.jsonl',
    });
    expect(runLabels({ id: 'r2', status: 'done', createdAt: '', labels: { base: 'v3', candidate: 'v4' }, dataset: { path: 'd.csv', sha256: 'ab' } })).toEqual({ base: 'v3', candidate: 'v4', dataset: 'd.csv' });
  });

  it('signs the changes of a report: counts, percentage points and exact money', () => {
    expect([20, -56, 0, 1234].map(signedCount)).toEqual(['+20', '−56', '0', '+1,234']);
    expect(rateChange('0.463333', '0.470000')).toBe('+0.7 pp');
    expect(rateChange('0.340667', '0.322000')).toBe('−1.9 pp');
    expect(rateChange('0.007', '0.007')).toBe('0.0 pp');
    expect(rateChange(null, '0.1')).toBe('—');
    expect(moneyChange('6633.45', '6787.65')).toBe('+154.20');
    expect(moneyChange('2.2112', '2.2626', 4)).toBe('+0.0514');
    expect(moneyChange('1', '0.5')).toBe('−0.50');
    expect(moneyChange('1', '1')).toBe('0.00');
  });
});
