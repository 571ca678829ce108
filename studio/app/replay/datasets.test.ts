import { describe, expect, it } from 'vitest';
import type { DatasetEntry } from '../api/client.js';
import { backtestDatasets, defaultDataset, localPrefs } from './datasets.js';

const ds = (path: string): DatasetEntry => ({ path, size: 1, format: path.slice(path.lastIndexOf('.') + 1) as DatasetEntry['format'] });
const SAMPLES = [ds('data/applicants.csv'), ds('data/applicants.parquet'), ds('data/applicants.jsonl'), ds('data/notes.json'), ds('data/b.jsonl')];

describe('the dataset a backtest reads by default', () => {
  it('lists JSONL before CSV before Parquet, and leaves out what a backtest cannot read', () => {
    expect(backtestDatasets(SAMPLES).map((d) => d.path)).toEqual(['data/applicants.jsonl', 'data/b.jsonl', 'data/applicants.csv', 'data/applicants.parquet']);
    expect(backtestDatasets(undefined)).toEqual([]);
  });

  it('takes the one chosen or remembered while it still exists, else the first JSONL, else CSV, else Parquet', () => {
    expect(defaultDataset(SAMPLES)).toBe('data/applicants.jsonl');
    expect(defaultDataset(SAMPLES, 'data/applicants.parquet')).toBe('data/applicants.parquet');
    expect(defaultDataset(SAMPLES, 'data/gone.jsonl')).toBe('data/applicants.jsonl');
    expect(defaultDataset(SAMPLES, 'data/notes.json')).toBe('data/applicants.jsonl');
    expect(defaultDataset([ds('x.parquet'), ds('y.csv')])).toBe('y.csv');
    expect(defaultDataset([ds('x.parquet')])).toBe('x.parquet');
    expect(defaultDataset([])).toBeUndefined();
  });

  it('keeps choices in a storage, and a storage that refuses only forgets', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) } as Storage;
    const prefs = localPrefs(storage);
    prefs.set('a', '1');
    expect(prefs.get('a')).toBe('1');
    expect(prefs.get('b')).toBeUndefined();
    const refusing = localPrefs({ getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } } as unknown as Storage);
    expect(() => refusing.set('a', '1')).not.toThrow();
    expect(refusing.get('a')).toBeUndefined();
    expect(localPrefs(undefined).get('a')).toBeUndefined();
  });
});
