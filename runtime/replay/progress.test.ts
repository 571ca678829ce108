import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, formatRate, progressLine } from './progress.js';

function fake(options: { total?: number; isTTY?: boolean; columns?: number; label?: string } = {}) {
  let t = 0;
  const out: string[] = [];
  const progress = createProgress({ isTTY: true, write: (s) => out.push(s), now: () => t, columns: 100, ...options });
  return { progress, out, advance: (ms: number) => (t += ms) };
}

describe('createProgress', () => {
  it('writes nothing at all when stderr is not a terminal', () => {
    const { progress, out, advance } = fake({ isTTY: false, total: 10 });
    for (let i = 0; i < 10; i++) {
      advance(500);
      progress.tick();
    }
    progress.done();
    expect(out).toEqual([]);
  });

  it('redraws at most once per 100 ms however often it ticks', () => {
    const { progress, out, advance } = fake({ total: 100_000 });
    for (let i = 0; i < 10_000; i++) {
      advance(0.1); // 10,000 ticks over one second
      progress.tick(10);
    }
    // The first tick draws, then one redraw per 100 ms: 10 or 11 lines, not 10,000.
    expect(out.length).toBeGreaterThanOrEqual(10);
    expect(out.length).toBeLessThanOrEqual(11);
    expect(out.every((s) => s.startsWith('\r') && s.endsWith('\u001b[K'))).toBe(true);
  });

  it('shows percentage, rate and ETA when the total is known', () => {
    const { progress, out, advance } = fake({ total: 1000, label: 'replay' });
    progress.tick(1); // first draw at t=0
    for (let i = 0; i < 248; i++) progress.tick(1); // within 100 ms: no redraw
    expect(out).toHaveLength(1);
    advance(2000);
    progress.tick(1);
    // 250 records in 2 s: 125 rec/s, 750 left → 6 s.
    const last = out[out.length - 1];
    expect(last).toContain('replay [');
    expect(last).toContain(' 25.0% 250/1,000 · 125 rec/s · ETA 0:06');
  });

  it('counts up without a total, and ends the line on done', () => {
    const { progress, out, advance } = fake();
    progress.tick(0);
    advance(4000);
    progress.tick(12_000);
    expect(out[out.length - 1]).toBe('\r12,000 records · 3.0k rec/s · 0:04 elapsed\u001b[K');
    advance(1000);
    progress.done();
    expect(out[out.length - 1]).toBe('\r12,000 records · 2.4k rec/s · 0:05\u001b[K\n');
    progress.done();
    progress.tick(5);
    expect(out.filter((s) => s.endsWith('\n'))).toHaveLength(1);
  });

  it('draws the final line even within 100 ms of the last one, at 100%', () => {
    const { progress, out, advance } = fake({ total: 10 });
    progress.tick(5);
    advance(10);
    progress.tick(5);
    expect(out).toHaveLength(1);
    advance(10);
    progress.done();
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/\[#{30}\] 100\.0% 10 records · 500 rec\/s · 0:00/);
  });
});

describe('progressLine', () => {
  const base = { label: '', count: 500, total: 1000, rate: 100, seconds: 5, final: false };

  it('fits the terminal: the bar shrinks, then goes', () => {
    const wide = progressLine({ ...base, columns: 120 });
    const narrow = progressLine({ ...base, columns: 60 });
    const tiny = progressLine({ ...base, columns: 30 });
    expect(wide).toContain(`[${'#'.repeat(15)}${'.'.repeat(15)}]`);
    expect(narrow.length).toBeLessThanOrEqual(59);
    expect(narrow).toMatch(/\[#+\.+\]/);
    expect(tiny.length).toBeLessThanOrEqual(29);
    expect(tiny).not.toContain('[');
  });

  it('caps at 100% when the total was an estimate', () => {
    expect(progressLine({ ...base, count: 1200, columns: 100 })).toContain('100.0%');
    expect(progressLine({ ...base, count: 1200, columns: 100 })).toContain('ETA 0:00');
  });

  it('says it does not know the ETA before any rate is measured', () => {
    expect(progressLine({ ...base, count: 0, rate: 0, columns: 100 })).toContain('ETA --:--');
  });

  it('ends at 100% when an estimated total was not reached', () => {
    // 20,000 records where the bytes promised 20,060: the last line is the whole input.
    const line = progressLine({ ...base, count: 20_000, total: 20_060, rate: 5000, seconds: 4, final: true, columns: 100 });
    expect(line).toContain('100.0%');
    expect(line).toContain('20,000 records');
  });
});

describe('the first moments', () => {
  it('shows no rate and no ETA before a second has passed, when one batch of results would make the rate absurd', () => {
    const { progress, out, advance } = fake({ total: 1_000_000 });
    advance(0.05);
    progress.tick(40_000); // the first batch, 50 µs in: 800M rec/s
    expect(out[0]).toContain('-- rec/s');
    expect(out[0]).toContain('ETA --:--');
    advance(1500);
    progress.tick(10_000);
    expect(out.at(-1)).toContain('33.3k rec/s');
    progress.done();
    expect(out.at(-1)).toMatch(/100\.0% 50,000 records · 33\.3k rec\/s/);
  });

  it('ends at the share done when the run failed', () => {
    const { progress, out, advance } = fake({ total: 1000 });
    advance(2000);
    progress.tick(250);
    progress.done(false);
    expect(out.at(-1)).toContain(' 25.0% 250 records');
  });
});

describe('formatting', () => {
  it('formats rates and durations', () => {
    expect(formatRate(950)).toBe('950');
    expect(formatRate(52_140)).toBe('52.1k');
    expect(formatRate(1_234_567)).toBe('1.23M');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
