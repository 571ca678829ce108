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
  /** The next kind whose states hash alike. */
  next: RecordKind | undefined;
}

/** Kinds kept per version: plenty for real data, bounded for data where every record differs. */
export const MAX_KINDS = 4096;

export class RecordKinds {
  /** Kinds by the hash of their states (a chain per hash), and in the order they were met. */
  private readonly byHash = new Map<number, RecordKind>();
  private readonly list: RecordKind[] = [];

  /** Records counted by a known kind so far (tests and benches). */
  found = 0;

  constructor(
    private readonly size: number,
    /** At most this many kinds are kept (0: every record is counted on its own). */
    private readonly limit = MAX_KINDS,
  ) {}

  /** FNV-1a over the states. */
  private hash(codes: Uint8Array): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < this.size; i++) h = Math.imul(h ^ codes[i], 0x01000193);
    return h;
  }

  private lookup(codes: Uint8Array, h: number): RecordKind | undefined {
    const n = this.size;
    let kind = this.byHash.get(h);
    while (kind !== undefined) {
      const k = kind.codes;
      let i = 0;
      while (i < n && k[i] === codes[i]) i++;
      if (i === n) return kind;
      kind = kind.next;
    }
    return undefined;
  }

  /** The kind of a record with these states and hits, if it is known. */
  find(codes: Uint8Array, hits: readonly RuleHit[]): RecordKind | undefined {
    const kind = this.lookup(codes, this.hash(codes));
    if (kind === undefined) return undefined;
    const h = kind.walked.hits;
    if (h.length !== hits.length) return undefined;
    for (let i = 0; i < h.length; i++) if (h[i] !== hits[i]) return undefined;
    this.found++;
    return kind;
  }

  /** Remembers the kind of a record just counted on its own, its decision not a fault (its count starts at 0). */
  add(codes: Uint8Array, r: WalkedResult): void {
    if (this.list.length >= this.limit) return;
    const h = this.hash(codes);
    if (this.lookup(codes, h) !== undefined) return;
    const kind: RecordKind = { codes: codes.slice(0, this.size), walked: { decision: r.decision, hits: r.hits.slice(), scores: r.scores }, count: 0, next: this.byHash.get(h) };
    this.byHash.set(h, kind);
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
