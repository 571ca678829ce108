// Records counted by kind. Apart from its decision and its bill, what a record adds to a version's
// counts (standalone states, unique rejects, rule hits, the walk of its flow: reached rules and
// sets, the signatures of the suggested order) depends only on its probe states and its hits. Most
// applicants of a dataset fall into a few hundred kinds (most pass every rule), so the core walks
// a kind's first record as usual, checks it against the decision, and from then on only counts
// the records of that kind; the counts are added, each kind walked once times its count, when the
// partial aggregate is read. A record whose decision faulted is always counted on its own.

import type { RuleHit } from '../result.js';
import { walkedOf, type WalkedResult } from './walk.js';

export interface RecordKind {
  /** The probe states (a copy), padded with zeros to whole words. */
  codes: Uint8Array;
  /** The same bytes as words, for the hash and the comparison. */
  words: Int32Array;
  /** What a walk reads of its first record: its hits (rule hit objects are shared per rule: compared by identity) and a decision that is not a fault. */
  walked: WalkedResult;
  /** Records of this kind not yet added. */
  count: number;
  /** Set by the core: the rules its records count as caught when approved (core.ts: `catches`). */
  catches: Int32Array;
  /** The next kind whose states hash alike. */
  next: RecordKind | undefined;
}

/** Kinds kept per version: plenty for real data, bounded for data where every record differs. */
export const MAX_KINDS = 4096;

/** Hash buckets (a power of two, twice the kinds kept). */
const BUCKETS = 2 * MAX_KINDS;

/**
 * An array for `n` probe states whose buffer is padded with zeros to whole words (`RecordKinds`
 * reads it four states at a time; nothing writes past `n`).
 */
export function statesArray(n: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer((n + 3) & ~3), 0, n);
}

export class RecordKinds {
  /** Kinds by the low bits of the hash of their states (a chain per bucket), and in the order they were met. */
  private readonly buckets: (RecordKind | undefined)[] = new Array<RecordKind | undefined>(BUCKETS).fill(undefined);
  private readonly list: RecordKind[] = [];
  /** The states of the record at hand, as words (a view of the array given to the constructor). */
  private readonly words: Int32Array;

  /** Records counted by a known kind so far (tests and benches). */
  found = 0;

  /** No more kinds are kept (`add` does nothing). */
  get full(): boolean {
    return this.list.length >= this.limit;
  }

  constructor(
    /** The probe states of the record at hand (from `statesArray`), read at every `find` and `add`. */
    private readonly codes: Uint8Array,
    /** At most this many kinds are kept (0: every record is counted on its own). */
    private readonly limit = MAX_KINDS,
  ) {
    if (codes.byteOffset % 4 !== 0 || codes.buffer.byteLength < codes.byteOffset + ((codes.length + 3) & ~3)) throw new Error('record kinds need a states array from statesArray');
    this.words = new Int32Array(codes.buffer, codes.byteOffset, (codes.length + 3) >> 2);
  }

  /** FNV-1a over the states, a word at a time: the bucket of the record at hand. */
  private hash(): number {
    const w = this.words;
    let h = 0x811c9dc5;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i], 0x01000193);
    return (h ^ (h >>> 15)) & (BUCKETS - 1);
  }

  private lookup(h: number): RecordKind | undefined {
    const w = this.words;
    const n = w.length;
    let kind = this.buckets[h];
    while (kind !== undefined) {
      // (`next` read first: a chain's second kind is met late, and a read first met in compiled code costs that code.)
      const next = kind.next;
      const k = kind.words;
      let i = 0;
      while (i < n && k[i] === w[i]) i++;
      if (i === n) return kind;
      kind = next;
    }
    return undefined;
  }

  /** The kind of the record at hand (its states in the constructor's array) with these hits, if it is known. */
  find(hits: readonly RuleHit[]): RecordKind | undefined {
    const kind = this.lookup(this.hash());
    if (kind === undefined) return undefined;
    const h = kind.walked.hits;
    if (h.length !== hits.length) return undefined;
    for (let i = 0; i < h.length; i++) if (h[i] !== hits[i]) return undefined;
    this.found++;
    return kind;
  }

  /**
   * Remembers the kind of the record at hand, just counted on its own, its decision not a fault (its
   * count starts at 0), with the rules its records count as caught when approved.
   */
  add(r: WalkedResult, catches: Int32Array): void {
    if (this.list.length >= this.limit) return;
    const h = this.hash();
    if (this.lookup(h) !== undefined) return;
    const words = this.words.slice();
    const codes = new Uint8Array(words.buffer, 0, this.codes.length);
    // Hits are never changed once a result is made: an empty array (a lean result's shared one) is kept as it is.
    const kind: RecordKind = { codes, words, walked: walkedOf({ decision: r.decision, hits: r.hits.length === 0 ? r.hits : r.hits.slice(), scores: r.scores }), count: 0, catches, next: this.buckets[h] };
    this.buckets[h] = kind;
    this.list.push(kind);
  }

  /** Calls `add` for every kind with records not yet added (in the order they were met), then starts their counts again. */
  settle(add: (kind: RecordKind) => void): void {
    for (const kind of this.list)
      if (kind.count > 0) {
        add(kind);
        kind.count = 0;
      }
  }
}
