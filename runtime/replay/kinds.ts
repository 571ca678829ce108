// Records counted by kind. Apart from its decision and its bill, what a record adds to a version's
// counts (standalone states, unique rejects, rule hits, the walk of its flow: reached rules and
// sets, the signatures of the suggested order) depends only on its probe states and its hits. Most
// applicants of a dataset fall into a few hundred kinds (most pass every rule), so the core walks
// a kind's first record as usual, checks it against the decision, and from then on only counts
// the records of that kind; the counts are added, each kind walked once times its count, when the
// partial aggregate is read. A record whose decision faulted is always counted on its own.

import type { RuleHit } from '../result.js';
import type { WalkedResult } from './walk.js';

export interface RecordKind {
  /** The probe states (a copy). */
  codes: Uint8Array;
  /** What a walk reads of its first record: its hits (rule hit objects are shared per rule: compared by identity) and a decision that is not a fault. */
  walked: WalkedResult;
  /** Records of this kind not yet added. */
  count: number;
}

/** Kinds kept per version: plenty for real data, bounded for data where every record differs. */
export const MAX_KINDS = 4096;

export class RecordKinds {
  private readonly kinds = new Map<string, RecordKind>();
  /** Scratch for the key: four states (two bits each) per 8-bit char. */
  private readonly packed: number[];

  /** Records counted by a known kind so far (tests and benches). */
  found = 0;

  constructor(
    private readonly size: number,
    /** At most this many kinds are kept (0: every record is counted on its own). */
    private readonly limit = MAX_KINDS,
  ) {
    this.packed = new Array<number>(Math.ceil(size / 4)).fill(0);
  }

  private key(codes: Uint8Array): string {
    const p = this.packed;
    const n = this.size;
    for (let i = 0, k = 0; i < n; i += 4, k++) p[k] = codes[i] | (codes[i + 1] << 2) | (codes[i + 2] << 4) | (codes[i + 3] << 6);
    return String.fromCharCode.apply(null, p);
  }

  /** The kind of a record with these states and hits, if it is known (states are 0 to 3). */
  find(codes: Uint8Array, hits: readonly RuleHit[]): RecordKind | undefined {
    const kind = this.kinds.get(this.key(codes));
    if (kind === undefined) return undefined;
    const h = kind.walked.hits;
    if (h.length !== hits.length) return undefined;
    for (let i = 0; i < h.length; i++) if (h[i] !== hits[i]) return undefined;
    this.found++;
    return kind;
  }

  /** Remembers the kind of a record just counted on its own, its decision not a fault (its count starts at 0). */
  add(codes: Uint8Array, r: WalkedResult): void {
    if (this.kinds.size >= this.limit) return;
    const key = this.key(codes);
    if (!this.kinds.has(key)) this.kinds.set(key, { codes: codes.slice(), walked: { decision: r.decision, hits: r.hits.slice(), scores: r.scores }, count: 0 });
  }

  /** Calls `add` for every kind with records not yet added, then starts their counts again. */
  settle(add: (kind: RecordKind) => void): void {
    for (const kind of this.kinds.values())
      if (kind.count > 0) {
        add(kind);
        kind.count = 0;
      }
  }
}
