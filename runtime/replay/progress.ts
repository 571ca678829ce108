// A one-line progress bar for long replays: records done, percentage and ETA when the total is
// known, records per second. Redrawn in place (`\r`, clear to end of line) at most once per
// `intervalMs`, so that a million ticks cost a few dozen writes. Silent when stderr is not a
// terminal: piped or logged output gets no control characters.

export interface ProgressOptions {
  /** Records expected, when known (a byte-estimated total is fine: the bar caps at 100%). */
  total?: number;
  isTTY: boolean;
  /** Where the line goes; stderr by default. */
  write?: (s: string) => void;
  /** Printed before the bar (`replay`). */
  label?: string;
  /** Milliseconds clock; `performance.now` by default (tests pass a fake one). */
  now?: () => number;
  /** Terminal width; stderr's columns by default, else 80. */
  columns?: number;
  /** Least time between two redraws (default 100 ms: at most ~10 redraws a second). */
  intervalMs?: number;
}

export interface Progress {
  /** `n` more records done (default 1). */
  tick(n?: number): void;
  /**
   * Draws the final line and ends it; later calls do nothing. `complete` (the default): the whole
   * input was read, so the line says 100% whatever the estimated total; false (a failed or
   * cancelled run): the share actually done.
   */
  done(complete?: boolean): void;
}

const QUIET: Progress = { tick() {}, done() {} };

/** Seconds before the line shows a rate (and an ETA). */
const RATE_AFTER_S = 1;

export function createProgress(options: ProgressOptions): Progress {
  if (!options.isTTY) return QUIET;
  const write = options.write ?? ((s: string) => void process.stderr.write(s));
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const columns = options.columns ?? process.stderr.columns ?? 80;
  const total = options.total !== undefined && options.total > 0 ? options.total : undefined;
  const label = options.label ?? '';
  const start = now();
  let count = 0;
  let lastDraw = -Infinity;
  let finished = false;

  const draw = (at: number, final: boolean, complete = final) => {
    lastDraw = at;
    const seconds = (at - start) / 1000;
    // A rate over the first moments is noise (the first results come in one batch): none is shown
    // before RATE_AFTER_S, except on the final line.
    const rate = seconds > 0 && (final || seconds >= RATE_AFTER_S) ? count / seconds : 0;
    const line = progressLine({ label, count, total, rate, seconds, columns, final, complete });
    write(`\r${line}\u001b[K${final ? '\n' : ''}`);
  };

  return {
    tick(n = 1) {
      if (finished) return;
      count += n;
      const at = now();
      if (at - lastDraw >= interval) draw(at, false);
    },
    done(complete = true) {
      if (finished) return;
      finished = true;
      draw(now(), true, complete);
    },
  };
}

export interface LineState {
  label: string;
  count: number;
  total?: number;
  /** records per second */
  rate: number;
  seconds: number;
  columns: number;
  final: boolean;
  /** On the final line: the whole input was read (100%, whatever the estimated total). */
  complete?: boolean;
}

/** The text of one progress line, fitted to `columns` (the bar shrinks first, then goes). */
export function progressLine(s: LineState): string {
  const head = s.label ? `${s.label} ` : '';
  const speed = s.rate > 0 ? `${formatRate(s.rate)} rec/s` : '-- rec/s';
  if (s.total === undefined) {
    const text = `${head}${formatCount(s.count)} records · ${speed} · ${formatDuration(s.seconds)}${s.final ? '' : ' elapsed'}`;
    return text.slice(0, Math.max(0, s.columns - 1));
  }
  // The total may be an estimate (from bytes): the final line is the whole input, 100%.
  const fraction = s.final && s.complete !== false ? 1 : Math.min(1, s.count / s.total);
  const percent = `${(Math.floor(fraction * 1000) / 10).toFixed(1)}%`;
  const remaining = s.rate > 0 ? Math.max(0, s.total - s.count) / s.rate : undefined;
  const tail = s.final
    ? `${formatCount(s.count)} records · ${speed} · ${formatDuration(s.seconds)}`
    : `${formatCount(s.count)}/${formatCount(s.total)} · ${speed} · ETA ${remaining === undefined ? '--:--' : formatDuration(remaining)}`;
  const fixed = `${head}${percent.padStart(6)} ${tail}`;
  const room = s.columns - 1 - fixed.length - 3;
  if (room < 10) return fixed.slice(0, Math.max(0, s.columns - 1));
  const width = Math.min(30, room);
  const filled = Math.round(fraction * width);
  return `${head}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent.padStart(6)} ${tail}`;
}

export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatRate(r: number): string {
  if (r < 1000) return String(Math.round(r));
  if (r < 999_500) return `${(r / 1000).toFixed(1)}k`;
  return `${(r / 1_000_000).toFixed(2)}M`;
}

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
