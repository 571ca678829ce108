// The replay of records, one at a time: each record decided once by each version, probed once per
// version (probe.ts), its flow re-walked (walk.ts), and everything counted into a partial aggregate
// (aggregate.ts). The same class runs inside each worker thread and, for `workers: 0`, in the
// calling thread. No I/O: chunks of bytes come in, counts and swap lines go out.
//
// A record is decoded once, into slots that both versions, their probes and the sweep read
// (slots.ts): a JSONL line straight from its bytes (scan.ts); a CSV or Parquet row rewritten as
// such a line first (row-json.ts), or, when it is not sure, built into a record and read through
// `decodeRecord`. Decisions on slots are lean (their scores and bills are read from the
// evaluators). A record that does not decode that way (bad data, invalid JSON, layouts that do not
// line up) takes the slow way, each evaluator decoding the record object on its own, exactly as
// before: the counts are the same either way.
//
// Work is shared wherever the answer is provably the same:
// - each decision notes the answers of the conditions it evaluates, and the probe evaluates only
//   the others (`answerInto`: a condition alone gives what it gives in the flow);
// - twin versions (twin.ts: one policy, other params read only by conditions) take the base's
//   decision for a record whose paired answers agree, and such a record is counted once for both;
// - records of a kind already seen (same probe states, same hits: kinds.ts) are only counted, and
//   their kind walked once per read of the partial aggregate.

import { isUtf8 } from 'node:buffer';
import { isLeanResult, prepareForReplay, STANDALONE_STATES, type ReplayEvaluator, type StandaloneState } from '../evaluate.js';
import { decodeRecord, type RecordLayout } from '../record.js';
import type { DecisionGraph, ParamValue } from '../graph.js';
import type { Overrides } from '../overrides.js';
import type { DecisionResult } from '../result.js';
import { CsvReader, lineTextEnd, notJson, notUtf8, type RecordItem } from '../data/records.js';
import { clearVersion, emptyPartial, emptyVersion, mergeVersion, OUTCOME_INDEX, pushExample, type BadCounts, type Partial, type VersionAgg } from './aggregate.js';
import { buildPlan, type VersionPlan } from './plan.js';
import { buildProbes, type ProbeIds } from './probe.js';
import { BAD_RECORD_LIMIT, type SwapCause, type VersionKey } from './report.js';
import { swapCause } from './cause.js';
import { SignatureCounts } from './signatures.js';
import { LineScanner, readSet } from './scan.js';
import { RowJson, type LeafKind } from './row-json.js';
import { ERROR, extendsLayout, firstHit, HIT, indexer, labelOf, putScores, putSlotScores, sameLayout, toCodes, type Decoding, type Label } from './slots.js';
import { pathRules, traceFacts, walkedOf, walkFlow, walkSink, type FlowEvent, type FlowFacts, type WalkedResult, type WalkSink } from './walk.js';
import { twinPairs, twinsAgree } from './twin.js';
import { RecordKinds, statesArray } from './kinds.js';
import { parseJson } from '../json.js';

export interface VersionInit {
  graph: DecisionGraph;
  overrides: Overrides;
}

export interface SweepInit {
  param: string;
  /** Exact decimal strings. */
  values: string[];
}

export interface CoreInit {
  versions: [VersionInit, VersionInit];
  /** Read as `outcome.<label>`: true = bad, false = good, anything else = unlabelled. */
  outcomeLabel: string;
  sweep?: SweepInit;
  /** Produce one JSON line per flipped record, with both traces. */
  swaps: boolean;
  /** CSV chunks: the kind of each column's field (records.ts: `fieldKinds`). */
  csvKinds?: [string, string][];
}

interface Version {
  plan: VersionPlan;
  evaluator: ReplayEvaluator;
  probe: ReplayEvaluator;
  /** Where this version's answers are in its probe's states. */
  ids: ProbeIds;
  /** Per plan rule: the index of its condition in the probe's states. */
  ruleAt: Int32Array;
  /** Per source index: the probe state telling whether its hit field is true, or -1. */
  hitAt: Int32Array;
  decodedAt: number;
  /** Branch / decision node id → probe state index of each arm / clause. */
  armAt: Map<string, Int32Array>;
  clauseAt: Map<string, Int32Array>;
  /** The probe's states of the record at hand (one array for both versions when the probe is shared). */
  codes: Uint8Array;
  /** Which of `codes` the record's decisions answered already (1), so that the probe skips them. */
  known: Uint8Array;
  /** `known` as words, cleared for each record (a loop of a few words costs less than `fill`'s call). */
  knownWords: Int32Array;
  /** Scorecard id → its slot in the probe's layout (the version's scores pseudo-input). */
  scoreSlots: [string, number][];
  /** The same, by the evaluator's scorecard index (`scoresInto`). */
  scoreAt: Int32Array;
  /** Per rule: reject outcome and switched on (a reject "in force"). */
  inForceReject: boolean[];
  /** Per rule: reject outcome. */
  rejectRule: boolean[];
  /** Scratch: the rules on the record's path as if no rule had stopped it (walk.ts: `pathRules`). */
  onPath: Uint8Array;
  /** Scratch: each rule's probe state for the record at hand. */
  states: StandaloneState[];
  /** Facts of the record at hand, read from `codes` and `states`. */
  facts: FlowFacts;
  /** Records' signatures at its rule sets, for the suggested order. */
  signatures: SignatureCounts;
  /** Walk sinks that count (+1) and take back (-1). */
  sinks: [WalkSink, WalkSink];
  agg: VersionAgg;
  /** Records counted by kind (kinds.ts): their counts are added when the partial is read. */
  kinds: RecordKinds;
}

export class ReplayCore {
  private readonly P: Partial;
  private readonly v: [Version, Version];
  private readonly sweep: ReplayEvaluator[];
  private readonly read: [Uint8Array, Uint8Array];
  /** One probe evaluation answers for both versions (probe.ts). */
  private readonly sharedProbe: boolean;
  /** Decoded slots per distinct layout, and which one each version reads; empty when records are not decoded ahead (then each evaluator decodes on its own). */
  private readonly decodings: Decoding[] = [];
  private readonly decodingOf: [number, number] = [0, 0];
  /** Twin versions (twin.ts): the probe states whose agreement makes the candidate's decision the base's. */
  private twin: Int32Array | undefined;
  /** Twin versions: the base's walk state with counts of its own, for the records both versions decide alike (added to both when read). */
  private twinV: Version | undefined;
  /** Whose evaluator holds each version's calls for the record at hand (a twin's are the base's). */
  private readonly billFrom: [ReplayEvaluator, ReplayEvaluator];
  /**
   * The record at hand as an object, built only when something needs it (a swap line's traces, a
   * retrace): from its JSONL line (`lineBuf[lineStart, lineEnd)`) when `record` is undefined.
   */
  private record: unknown = undefined;
  private lineBuf: Buffer | undefined = undefined;
  private lineStart = 0;
  private lineEnd = 0;
  /** What the walks read of the result at hand (walk.ts: `walkedOf`). */
  private readonly walked: WalkedResult = walkedOf({ decision: 'approve', hits: [], scores: {} });
  /** The events of a walk for a swap's cause (`events`), through a sink made with the others. */
  private flowEvents: FlowEvent[] = [];
  private readonly eventSink = walkSink({ event: (e) => this.flowEvents.push(e) });
  /** CSV: the kind of each column's field, and the rewriter of rows as JSON for the file's header. */
  private csvKinds: Map<string, string> | undefined;
  private csvJson: { header: string; json: RowJson } | undefined;
  /** Parquet: the rewriter of rows as JSON for the leaves of the range being read. */
  private parquetJson: RowJson | undefined;
  private rowBuf: Buffer = Buffer.allocUnsafe(1 << 16);
  private rowView = new DataView(this.rowBuf.buffer, this.rowBuf.byteOffset, this.rowBuf.byteLength);

  /** The counts so far (what a worker sends back). */
  /** Records taken so far (cheaper than `partial`, which settles every count). */
  get records(): number {
    return this.P.records;
  }

  get partial(): Partial {
    const t = this.twinV;
    for (const v of t === undefined ? this.v : [...this.v, t]) this.settleKinds(v);
    for (const v of this.v) v.signatures.fold();
    if (t !== undefined) {
      // Twinned records were counted once, for both versions.
      t.signatures.fold();
      for (const v of this.v) mergeVersion(v.agg, t.agg);
      clearVersion(t.agg);
    }
    return this.P;
  }

  constructor(private readonly init: CoreInit) {
    const probes = buildProbes(init.versions);
    this.sharedProbe = probes.shared;
    const codes = probes.evaluators.map((p) => statesArray(p.rules.length));
    const known = probes.evaluators.map((p) => statesArray(p.rules.length));
    this.v = init.versions.map((vi, i) => {
      const plan = buildPlan(vi.graph, vi.overrides);
      const ids = probes.ids[i];
      const probe = probes.evaluators[i];
      const at = indexer(probe);
      // The walk reads branch and decision answers under this version's probe ids.
      for (const n of plan.nodes) {
        if (n.kind === 'branch') n.probes = ids.arms.get(n.id) ?? n.probes;
        if (n.kind === 'decision') n.clauses = ids.clauses.get(n.id) ?? n.clauses;
      }
      const states = new Array<StandaloneState>(plan.rules.length).fill('pass');
      const armAt = new Map<string, Int32Array>();
      const clauseAt = new Map<string, Int32Array>();
      for (const n of plan.nodes) {
        if (n.kind === 'branch') armAt.set(n.id, Int32Array.from(n.probes.map(at)));
        if (n.kind === 'decision') clauseAt.set(n.id, Int32Array.from(n.clauses.map(at)));
      }
      const vcodes = codes[this.sharedProbe ? 0 : i];
      const vknown = known[this.sharedProbe ? 0 : i];
      const scoreIds = vi.graph.nodes.filter((n) => n.kind === 'scorecard').map((n) => n.id);
      const version: Version = sameShape({
        plan,
        evaluator: prepareForReplay(vi.graph, vi.overrides),
        probe,
        ids,
        ruleAt: Int32Array.from(plan.rules.map((r) => at(ids.rules.get(r.id) ?? r.id))),
        hitAt: Int32Array.from(plan.sources.map((s) => (ids.hits.has(s.id) ? at(ids.hits.get(s.id)!) : -1))),
        decodedAt: at(ids.decoded),
        armAt,
        clauseAt,
        codes: vcodes,
        known: vknown,
        knownWords: new Int32Array(vknown.buffer, 0, vknown.buffer.byteLength >> 2),
        scoreSlots: ids.scores === undefined ? [] : scoreIds.map((id) => [id, probe.layout.slotOf(ids.scores!, id)]),
        scoreAt: new Int32Array(0),
        inForceReject: plan.rules.map((r) => r.outcome === 'reject' && r.mode === 'on'),
        rejectRule: plan.rules.map((r) => r.outcome === 'reject'),
        onPath: new Uint8Array(plan.rules.length),
        states,
        facts: {
          rules: states,
          arm: (node) => firstHit(vcodes, armAt.get(node.id)),
          clause: (node) => firstHit(vcodes, clauseAt.get(node.id)),
        },
        signatures: undefined as unknown as SignatureCounts,
        sinks: undefined as unknown as [WalkSink, WalkSink],
        kinds: new RecordKinds(vcodes),
        agg: undefined as unknown as VersionAgg,
      });
      // The decision notes the answer of every condition it evaluates; the probe answers the rest.
      const list = (m: Map<string, string[]>, node: string, k: number) => {
        const id = m.get(node)?.[k];
        return id === undefined ? -1 : at(id);
      };
      version.evaluator.answerInto(vcodes, vknown, {
        rule: (id) => (ids.rules.has(id) ? at(ids.rules.get(id)!) : -1),
        arm: (node, k) => list(ids.arms, node, k),
        clause: (node, k) => list(ids.clauses, node, k),
      });
      const slotOf = new Map(version.scoreSlots);
      version.scoreAt = Int32Array.from(version.evaluator.scorecards.map((id) => slotOf.get(id) ?? -1));
      return version;
    }) as [Version, Version];
    this.P = emptyPartial({
      rules: [this.v[0].plan.rules.length, this.v[1].plan.rules.length],
      sets: [this.v[0].plan.sets.length, this.v[1].plan.sets.length],
      sources: [this.v[0].plan.sources.length, this.v[1].plan.sources.length],
      sweepValues: init.sweep?.values.length ?? 0,
    });
    for (let i = 0; i < 2; i++) {
      const v = this.v[i];
      v.agg = this.P.versions[i];
      v.signatures = new SignatureCounts(v, v.agg.setSignatures);
      v.sinks = [this.sink(v, 1), this.sink(v, -1)];
    }
    const cand = init.versions[1];
    this.sweep = (init.sweep?.values ?? []).map((value) => {
      const params: Record<string, ParamValue> = { ...cand.overrides.params, [init.sweep!.param]: { decimal: value } };
      return prepareForReplay(cand.graph, { params, switches: cand.overrides.switches });
    });
    this.read = [new Uint8Array(this.v[0].plan.sources.length), new Uint8Array(this.v[1].plan.sources.length)];
    this.billFrom = [this.v[0].evaluator, this.v[1].evaluator];
    this.planDecoding();
    if (this.sharedProbe && this.decodings.length === 1) {
      const [b, c] = init.versions;
      // A shared probe means one graph; twins also switch every rule alike, so both plans are the same.
      this.twin = twinPairs(b.graph, b.overrides, c.overrides, [this.v[0].ids, this.v[1].ids], indexer(this.v[0].probe));
      if (this.twin !== undefined) {
        const v0 = this.v[0];
        const t: Version = sameShape({ ...v0, agg: emptyVersion(v0.plan.rules.length, v0.plan.sets.length, v0.plan.sources.length), kinds: new RecordKinds(v0.codes) });
        t.signatures = new SignatureCounts(t, t.agg.setSignatures);
        t.sinks = [this.sink(t, 1), this.sink(t, -1)];
        this.twinV = t;
      }
    }
  }

  /**
   * Records are decoded once into slots that both versions, their probes and the sweep read,
   * when their layouts allow it (the usual case; otherwise every evaluator decodes on its own).
   */
  private planDecoding(): void {
    const [b, c] = this.v;
    const probesExtend = this.v.every((v) => extendsLayout(v.probe.layout, v.evaluator.layout));
    const sweepFits = this.sweep.every((e) => sameLayout(e.layout, c.evaluator.layout));
    if (!probesExtend || !sweepFits) return;
    const shared = sameLayout(b.evaluator.layout, c.evaluator.layout);
    if (this.sharedProbe && !shared) return;
    const reads = readSet([b.evaluator.graph, c.evaluator.graph, b.probe.graph, c.probe.graph, ...this.sweep.map((e) => e.graph)]);
    const make = (layout: RecordLayout, size: number): Decoding => ({
      layout,
      scanner: LineScanner.for(layout, this.init.outcomeLabel, reads),
      vals: new Array<unknown>(size).fill(undefined),
      asOf: undefined,
    });
    if (shared) {
      this.decodings.push(make(b.evaluator.layout, Math.max(b.probe.layout.size, c.probe.layout.size)));
      this.decodingOf[1] = 0;
    } else {
      this.decodings.push(make(b.evaluator.layout, b.probe.layout.size), make(c.evaluator.layout, c.probe.layout.size));
      this.decodingOf[1] = 1;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Input forms

  /** A chunk of whole JSONL lines as text (see `jsonlBytes`). */
  jsonl(text: string, firstIndex: number, firstLine: number): string {
    return this.jsonlBytes(Buffer.from(text, 'utf8'), firstIndex, firstLine);
  }

  /**
   * A chunk of whole JSONL lines, as UTF-8 bytes. `firstIndex` is the record position of its first
   * non-blank line, `firstLine` the 1-based line number of its first line. Returns the swap lines,
   * if any.
   */
  jsonlBytes(bytes: Uint8Array, firstIndex: number, firstLine: number): string {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: string[] = [];
    let index = firstIndex;
    let line = firstLine - 1;
    let pos = 0;
    const end = buf.length;
    // Bytes that are not UTF-8 make their line unreadable (decoded, they would turn into U+FFFD and
    // two different names could compare equal): the chunk is checked at once, its lines only if it fails.
    const utf8 = isUtf8(buf);
    while (pos < end) {
      let nl = buf.indexOf(10, pos);
      if (nl < 0) nl = end;
      line++;
      const start = pos;
      pos = nl + 1;
      if (!utf8 && !isUtf8(buf.subarray(start, nl))) {
        this.item({ index, line, unreadable: notUtf8(line) }, out);
        index++;
        continue;
      }
      if (buf[start] === 0x7b && this.scanLine(buf, start, nl, index, line, out)) {
        index++;
        continue;
      }
      // A `\r` before the `\n` is white space to JSON: left out, a line as long as a text can be stays one (chunks.ts: `countLines`).
      let s = buf.toString('utf8', start, lineTextEnd(buf, start, nl));
      if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      if (s.charCodeAt(0) !== 123 /* { */ && s.trim() === '') continue;
      let record: unknown;
      try {
        record = parseJson(s);
      } catch (e) {
        this.item({ index, line, unreadable: notJson(line, e) }, out);
        index++;
        continue;
      }
      this.item({ index, line, record }, out);
      index++;
    }
    // The chunk's buffer may be filled with other lines once this returns (engine.ts: `SpareBuffers`).
    this.lineBuf = undefined;
    return out.join('');
  }

  /**
   * A chunk of whole CSV rows (chunks.ts: `csvChunks`) after the file's `header`, from record
   * position `firstIndex` and line `firstLine`. A row is rewritten as its record's JSON text
   * (row-json.ts) and scanned into the slots like a JSONL line; a row either refuses is read by
   * `CsvReader` (records.ts), line by line, exactly as before.
   */
  csv(bytes: Uint8Array, header: string, firstIndex: number, firstLine: number): string {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const kinds = (this.csvKinds ??= new Map(this.init.csvKinds ?? []));
    const reader = new CsvReader(kinds, { header, index: firstIndex, line: firstLine });
    let json: RowJson | undefined;
    if (this.decodings.length > 0) {
      if (this.csvJson?.header !== header) this.csvJson = { header, json: RowJson.csv(header, kinds) };
      json = this.csvJson.json;
    }
    const out: string[] = [];
    const end = buf.length;
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    // The whole chunk checked at once; its rows one by one only when it is not UTF-8.
    const utf8 = isUtf8(buf);
    let index = firstIndex;
    let line = firstLine;
    let p = 0;
    while (p < end) {
      if (json !== undefined) {
        const next = json.csvRow(buf, dv, p, end);
        // A row whose bytes are not UTF-8 is CsvReader's to refuse (below).
        if (next >= 0 && (json.blank || ((utf8 || isUtf8(buf.subarray(p, next))) && this.scanLine(json.out, 0, json.length, index, line, out)))) {
          if (!json.blank) index++;
          line++;
          p = next;
          continue;
        }
      }
      // The row's lines (split at \r\n, \r and \n, as readline splits them) until one completes it.
      reader.seek(index, line);
      do {
        let e = p;
        while (e < end && buf[e] !== 0x0a && buf[e] !== 0x0d) e++;
        const bytes = buf.subarray(p, e);
        p = e >= end ? end : buf[e] === 0x0d && e + 1 < end && buf[e + 1] === 0x0a ? e + 2 : e + 1;
        // Not UTF-8: byte for byte, as `csvLines` gives it (records.ts).
        const ok = utf8 || isUtf8(bytes);
        const item = reader.line(bytes.toString(ok ? 'utf8' : 'latin1'), ok);
        if (item) {
          this.item(item, out);
          break;
        }
      } while (reader.open && p < end);
      ({ index, line } = reader.at);
    }
    if (reader.open) throw new Error(`a CSV chunk ends inside a quoted cell (line ${reader.end()!.line})`);
    return out.join('');
  }

  /**
   * The leaves of the Parquet rows to come and the kinds of the fields (data/duckdb.ts:
   * `readRecordsDuckdb`): whether their rows can be read as JSON lines (row-json.ts), each then
   * offered to `parquetRow`.
   */
  parquetLeaves(leaves: readonly { path: string[]; kind: LeafKind }[], kinds: Map<string, string>): boolean {
    this.parquetJson = this.decodings.length > 0 ? RowJson.parquet(leaves, kinds) : undefined;
    return this.parquetJson?.regular === true;
  }

  /** A Parquet row, the UTF-8 bytes of its cells' texts joined by U+001F: true when it was read (as a JSON line), false when it must be built into a record. */
  parquetRow(bytes: Uint8Array, index: number, line: number, out: string[]): boolean {
    const json = this.parquetJson;
    const n = bytes.length;
    // A leading U+FEFF is dropped when the row is read as text: that row goes the slow way.
    if (json === undefined || (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return false;
    if (n > this.rowBuf.length) {
      this.rowBuf = Buffer.allocUnsafe(n + 1024);
      this.rowView = new DataView(this.rowBuf.buffer, this.rowBuf.byteOffset, this.rowBuf.byteLength);
    }
    this.rowBuf.set(bytes);
    return json.joined(this.rowBuf, this.rowView, 0, n) >= 0 && this.scanLine(json.out, 0, json.length, index, line, out);
  }

  /** Items read elsewhere (DuckDB), shipped as JSON text of a `RecordItem[]`. */
  items(json: string): string {
    const out: string[] = [];
    for (const item of JSON.parse(json) as RecordItem[]) this.item(item, out);
    return out.join('');
  }

  // -------------------------------------------------------------------------------------------

  /** The fast way for one JSONL line: scanned into the slots. False when the line must take the slow way. */
  private scanLine(buf: Buffer, start: number, end: number, index: number, line: number, out: string[]): boolean {
    const d = this.decodings;
    if (d.length === 0) return false;
    for (let i = 0; i < d.length; i++) {
      const s = d[i].scanner;
      if (s === undefined || !s.scan(buf, start, end, d[i].vals)) return false;
      d[i].asOf = s.asOf;
    }
    this.P.records++;
    this.record = undefined;
    this.lineBuf = buf;
    this.lineStart = start;
    this.lineEnd = end;
    this.decoded(index, line, d[0].scanner!.label, out);
    return true;
  }

  item(item: RecordItem, out: string[]): void {
    const P = this.P;
    P.records++;
    if (!('record' in item)) {
      P.unreadable++;
      for (const v of this.v) this.unreadable(v.agg);
      P.cells[15]++;
      pushExample(P.cellExamples[15], item.index, item.index);
      for (const s of P.sweep) s.decisions[3]++;
      this.bad(item.index, undefined, item.line, item.unreadable, ['base', 'candidate']);
      return;
    }
    const rec = item.record;
    const d = this.decodings;
    let ok = d.length > 0;
    for (let i = 0; ok && i < d.length; i++) {
      try {
        d[i].asOf = decodeRecord(d[i].layout, rec, d[i].vals);
      } catch {
        ok = false;
      }
    }
    this.record = rec;
    if (ok) this.decoded(item.index, item.line, labelOf(rec, this.init.outcomeLabel), out);
    else this.undecoded(rec, item.index, item.line, out);
  }

  /** The record at hand as an object (see `record`). */
  private recordAtHand(): unknown {
    if (this.record === undefined && this.lineBuf !== undefined) this.record = parseJson(this.lineBuf.toString('utf8', this.lineStart, this.lineEnd));
    return this.record;
  }

  /** A record decoded into the slots: both versions, the probe and the sweep read them. */
  private decoded(index: number, line: number, label: Label, out: string[]): void {
    const [b, c] = this.v;
    const db = this.decodings[0];
    const dc = this.decodings[this.decodingOf[1]];
    clearWords(b.knownWords);
    if (!this.sharedProbe) clearWords(c.knownWords);
    const rb = b.evaluator.decideDecoded(db.vals, db.asOf, index);
    const pairs = this.twin;
    if (pairs !== undefined) {
      // Twins (twin.ts): the candidate's scores are the base's; its decision too when the answers agree.
      this.scores(b, rb, db.vals);
      if (rb.decision === 'error') putSlotScores(db.vals, c.scoreSlots, rb);
      else b.evaluator.scoresInto(db.vals, c.scoreAt);
      b.probe.rulesDecoded(db.vals, db.asOf, b.codes, b.known);
      let rc = rb;
      this.billFrom[1] = b.evaluator;
      if (!twinsAgree(b.codes, pairs, ERROR)) {
        // The flows part: the candidate decides on its own, and its conditions that read a score
        // are answered again with its own scores (its flow may have skipped a scorecard).
        rc = c.evaluator.decideDecoded(db.vals, db.asOf, index);
        this.billFrom[1] = c.evaluator;
        this.scores(c, rc, db.vals);
        b.probe.rulesDecoded(db.vals, db.asOf, b.codes, b.known);
      } else this.P.twinned++;
      this.tally(index, line, rb, rc, label, out, true, rc === rb);
      this.billFrom[1] = c.evaluator;
      return;
    }
    const rc = c.evaluator.decideDecoded(dc.vals, dc.asOf, index);
    // Lean results: scores and bills come from the evaluators (an error result carries its own).
    this.scores(b, rb, db.vals);
    if (this.sharedProbe) {
      this.scores(c, rc, db.vals);
      b.probe.rulesDecoded(db.vals, db.asOf, b.codes, b.known);
    } else {
      b.probe.rulesDecoded(db.vals, db.asOf, b.codes, b.known);
      this.scores(c, rc, dc.vals);
      c.probe.rulesDecoded(dc.vals, dc.asOf, c.codes, c.known);
    }
    this.tally(index, line, rb, rc, label, out, true);
  }

  /** A version's scores into the probe's slots (as the probe would decode them from `putScores`). */
  private scores(v: Version, r: DecisionResult, vals: unknown[]): void {
    if (r.decision === 'error') putSlotScores(vals, v.scoreSlots, r);
    else v.evaluator.scoresInto(vals, v.scoreAt);
  }

  /** A record some layout could not decode: each evaluator decodes (and reports) it on its own. */
  private undecoded(rec: unknown, index: number, line: number, out: string[]): void {
    const [b, c] = this.v;
    const rb = b.evaluator.decide(rec, { index });
    const rc = c.evaluator.decide(rec, { index });
    putScores(rec, b.ids.scores, rb);
    if (this.sharedProbe) {
      putScores(rec, c.ids.scores, rc);
      toCodes(b.probe.evalRules(rec), b.probe, b.codes);
    } else {
      toCodes(b.probe.evalRules(rec), b.probe, b.codes);
      putScores(rec, c.ids.scores, rc);
      toCodes(c.probe.evalRules(rec), c.probe, c.codes);
    }
    this.tally(index, line, rb, rc, labelOf(rec, this.init.outcomeLabel), out, false);
  }

  /** Counts one record decided by both versions (probe states in the versions' `codes`). */
  private tally(
    index: number,
    line: number,
    rb: DecisionResult,
    rc: DecisionResult,
    label0: Label,
    out: string[],
    /** The record is decoded in the slots (the sweep decides on them), else the sweep decodes `record` on its own. */
    lean: boolean,
    twinned = false,
  ): void {
    const P = this.P;
    let label = label0;
    if (label === null) {
      // A value that is not a label: counted, then unlabelled.
      P.notLabels++;
      pushExample(P.notLabelExamples, index, rb.id);
      label = undefined;
    }
    let fb: FlowFacts | undefined;
    let fc: FlowFacts | undefined;
    if (twinned) fb = fc = this.count(this.twinV!, this.read[0], this.billFrom[0], index, rb, label);
    else {
      fb = this.count(this.v[0], this.read[0], this.billFrom[0], index, rb, label);
      fc = this.count(this.v[1], this.read[1], this.billFrom[1], index, rc, label);
    }

    const bi = OUTCOME_INDEX[rb.decision];
    const ci = OUTCOME_INDEX[rc.decision];
    const cell = bi * 4 + ci;
    P.cells[cell]++;
    pushExample(P.cellExamples[cell], index, rb.id);

    if (label !== undefined) P.labelled++;
    if (rb.decision === 'approve') tally(P.approved[0], label);
    if (rc.decision === 'approve') tally(P.approved[1], label);
    if (rc.decision === 'approve' && rb.decision !== 'approve') tally(P.swappedIn, label);
    if (rb.decision === 'approve' && rc.decision !== 'approve') tally(P.swappedOut, label);

    const badB = dataError(rb);
    const badC = dataError(rc);
    if (badB !== undefined || badC !== undefined) {
      const versions: VersionKey[] = [];
      if (badB !== undefined) versions.push('base');
      if (badC !== undefined) versions.push('candidate');
      this.bad(index, typeof rb.id === 'string' ? rb.id : undefined, line, (badB ?? badC)!, versions);
    }

    let causeKey: string | undefined;
    if (rb.decision !== rc.decision) {
      // A record counted by kind left its versions' rule states as they were: its walk needs its own.
      for (const v of this.v) fillStates(v);
      const { key, cause } = this.cause(rb, rc, fb, fc);
      causeKey = key;
      const mapKey = `${cell}|${key}`;
      let c = P.causes.get(mapKey);
      if (!c) P.causes.set(mapKey, (c = { cell, key, cause, count: 0, examples: [] }));
      c.count++;
      pushExample(c.examples, index, rb.id);
      if (this.init.swaps) {
        const tb = this.v[0].evaluator.decide(this.recordAtHand(), { index, trace: true });
        const tc = this.v[1].evaluator.decide(this.recordAtHand(), { index, trace: true });
        out.push(`${JSON.stringify({ index, id: rb.id, line, cause: causeKey, base: tb, candidate: tc })}\n`);
      }
    }

    // The sweep's layout is the candidate's (`planDecoding`).
    const dc = this.decodings[this.decodingOf[1]];
    for (let i = 0; i < this.sweep.length; i++) {
      const e = this.sweep[i];
      const r = lean ? e.decideDecoded(dc.vals, dc.asOf, index) : e.decide(this.recordAtHand(), { index });
      const s = P.sweep[i];
      s.decisions[OUTCOME_INDEX[r.decision]]++;
      if (r.decision === 'approve' && label !== undefined) {
        s.approvedLabelled++;
        if (label) s.approvedBad++;
      }
      this.bill(this.sweep[i], this.v[1].plan, r, undefined, s.sourceBilled);
    }
  }

  private bad(index: number, id: string | undefined, line: number | undefined, reason: string, versions: VersionKey[]): void {
    const P = this.P;
    P.badCount++;
    if (P.bad.length < BAD_RECORD_LIMIT) P.bad.push({ index, ...(id !== undefined ? { id } : {}), ...(line !== undefined ? { line } : {}), reason, versions });
  }

  private unreadable(a: VersionAgg): void {
    a.decisions[3]++;
    for (let g = 0; g < a.standaloneErrors.length; g++) a.standaloneErrors[g]++;
  }

  private sink(v: Version, sign: number): WalkSink {
    return walkSink({
      enterSet: (s: number, seen: Uint8Array) => {
        v.agg.setReached[s] += sign;
        v.signatures.add(s, seen, sign);
      },
      reached: v.agg.ruleReached,
      sign,
    });
  }

  /** Counts one version's result; returns the facts its flow was walked from (undefined when it did not decode). */
  private count(v: Version, read: Uint8Array, billFrom: ReplayEvaluator, index: number, r: DecisionResult, label: boolean | undefined): FlowFacts | undefined {
    const a = v.agg;
    a.decisions[OUTCOME_INDEX[r.decision]]++;
    this.bill(billFrom, v.plan, r, a.sourceCalls, a.sourceBilled);
    // Everything else a record adds depends only on its probe states and hits (kinds.ts), but for
    // the outcome of the approved records some rule catches, which is counted for each record.
    const kind = r.decision === 'error' ? undefined : v.kinds.find(r.hits);
    if (kind !== undefined) {
      kind.count++;
      if (r.decision === 'approve') caught(a, kind.catches, label);
      return v.facts;
    }
    const facts = this.countStates(v, read, walkedOf(r, this.walked), v.sinks, index, true);
    if (facts === v.facts && r.decision !== 'error') {
      // A kind's catches whatever its first record's decision: a later record of the kind may be
      // approved where the first was not (an approve held at review for its limit or APR).
      const approved = r.decision === 'approve';
      const catches = approved || !v.kinds.full ? this.catches(v) : NO_CATCHES;
      if (approved) caught(a, catches, label);
      v.kinds.add(r, catches);
    }
    return facts;
  }

  /**
   * The rules the record at hand, when approved, is caught by: on its path, its condition alone
   * hits (`states`, just filled by `countStates`). Such a rule did not stop an approved record:
   * shadow, off, or a flag.
   */
  private catches(v: Version): Int32Array {
    const on = v.onPath;
    pathRules(v.plan, v.facts, false, on);
    const states = v.states;
    let n = 0;
    for (let g = 0; g < states.length; g++) if (on[g] === 1 && states[g] === 'hit') n++;
    if (n === 0) return NO_CATCHES;
    const out = new Int32Array(n);
    n = 0;
    for (let g = 0; g < states.length; g++) if (on[g] === 1 && states[g] === 'hit') out[n++] = g;
    return out;
  }

  /** Adds the records counted by kind since the last time (each kind's states walked once, times its count). */
  private settleKinds(v: Version): void {
    const read = this.read[v === this.v[1] ? 1 : 0];
    const codes = v.codes;
    const saved = codes.slice();
    v.kinds.settle((kind) => {
      codes.set(kind.codes);
      // The kind's first record was walked and checked against its decision: a result with its hits stands for all.
      this.countStates(v, read, kind.walked, [this.sink(v, kind.count), this.sink(v, -kind.count)], 0, false);
    });
    codes.set(saved);
  }

  /**
   * What one record adds, `times` over (the sign of `sinks[0]`, which counts; `sinks[1]` takes back), given its probe states (`v.codes`), hits and result:
   * standalone states, unique rejects, hits, and the walk of its flow (reached rules and sets,
   * signatures). Returns the facts of the walk (undefined when the record did not decode).
   * `atHand`: the record is the one at hand (a kind settled later is not: it has no record to retrace).
   */
  private countStates(v: Version, read: Uint8Array, r: WalkedResult, sinks: [WalkSink, WalkSink], index: number, atHand: boolean): FlowFacts | undefined {
    const times = sinks[0].sign!;
    const a = v.agg;
    const plan = v.plan;
    const codes = v.codes;
    const n = plan.rules.length;
    const states = v.states;
    const ruleAt = v.ruleAt;
    let rejects = 0;
    for (let g = 0; g < n; g++) {
      const code = codes[ruleAt[g]];
      states[g] = STANDALONE_STATES[code];
      if (code === HIT) {
        a.standaloneHits[g] += times;
        if (v.rejectRule[g]) rejects++;
      } else if (code === 2) a.standaloneMissing[g] += times;
      else if (code === ERROR) a.standaloneErrors[g] += times;
    }
    // Unique rejects: a reject rule on the record's path that hits while no other reject in force on
    // that path does (a rule behind a branch arm the record does not take would reject nobody there).
    if (rejects > 0) {
      const on = v.onPath;
      pathRules(plan, v.facts, r.decision === 'error', on);
      let inForce = 0;
      for (let g = 0; g < n; g++) if (on[g] === 1 && v.inForceReject[g] && states[g] === 'hit') inForce++;
      if (inForce < 2)
        for (let g = 0; g < n; g++) if (on[g] === 1 && v.rejectRule[g] && states[g] === 'hit' && inForce - (v.inForceReject[g] ? 1 : 0) === 0) a.uniqueRejects[g] += times;
    }
    const hits = r.hits;
    for (let i = 0; i < hits.length; i++) {
      const g = plan.ruleIndex.get(hits[i].rule);
      if (g !== undefined) a.ruleHits[g] += times;
    }
    if (codes[v.decodedAt] !== HIT) return undefined;

    let facts: FlowFacts = v.facts;
    const sink = sinks[0];
    if (!walkFlow(plan, r, facts, read, sink)) {
      // The probe disagrees with the decision (not expected): take back what that walk counted, and
      // walk again from the decision's own trace.
      walkFlow(plan, r, facts, read, sinks[1]);
      this.P.retraced++;
      facts = traceFacts(plan, v.evaluator.decide(atHand ? this.recordAtHand() : undefined, { index, trace: true }).trace!);
      walkFlow(plan, r, facts, read, sink);
    }
    return facts;
  }

  /** Calls (when `calls` is given) and billed calls per source of one result (of `e`'s last decision when lean). */
  private bill(e: ReplayEvaluator, plan: VersionPlan, r: DecisionResult, calls: number[] | undefined, billed: number[]): void {
    if (isLeanResult(r)) {
      e.billInto(calls, billed);
      return;
    }
    const called = r.sourcesCalled;
    for (let i = 0; i < called.length; i++) {
      const s = plan.sourceIndex.get(called[i]);
      if (s === undefined) continue;
      if (calls) calls[s]++;
      if (r.cost.bySource[called[i]] !== '0') billed[s]++;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Swap causes

  private events(vi: 0 | 1, r: DecisionResult, facts: FlowFacts): FlowEvent[] {
    this.flowEvents = [];
    walkFlow(this.v[vi].plan, walkedOf(r, this.walked), facts, this.read[vi], this.eventSink);
    return this.flowEvents;
  }

  private cause(rb: DecisionResult, rc: DecisionResult, fb: FlowFacts | undefined, fc: FlowFacts | undefined): { key: string; cause: SwapCause } {
    const facts = [fb, fc];
    const results = [rb, rc];
    return swapCause(rb, rc, (vi) => (facts[vi] ? this.events(vi, results[vi], facts[vi]!) : []), this.v[0].plan, this.v[1].plan);
  }
}

/**
 * A copy of a version's fields. Every version is one, the twin's too (a copy of the base's with
 * counts of its own), so that all have one hidden class, which the counting compiles for (walk.ts).
 */
const sameShape = (v: Version): Version => ({ ...v });

/** No rule catches the record. */
const NO_CATCHES = new Int32Array(0);

/** Counts an approved record as caught by each rule of `catches`, with its outcome label. */
function caught(a: VersionAgg, catches: Int32Array, label: boolean | undefined): void {
  for (let i = 0; i < catches.length; i++) {
    const g = catches[i];
    a.approvedCaught[g]++;
    if (label === undefined) continue;
    a.approvedCaughtLabelled[g]++;
    if (label) a.approvedCaughtBad[g]++;
  }
}

function clearWords(w: Int32Array): void {
  for (let i = 0; i < w.length; i++) w[i] = 0;
}

/** A version's rule states (`states`, which its walk facts read) from its probe states. */
function fillStates(v: Version): void {
  const { codes, ruleAt, states } = v;
  for (let g = 0; g < states.length; g++) states[g] = STANDALONE_STATES[codes[ruleAt[g]]];
}

function tally(c: BadCounts, label: boolean | undefined): void {
  c.count++;
  if (label === undefined) return;
  c.labelled++;
  if (label) c.bad++;
}

/** The reason of a data error (bad field, undecodable record), undefined for any other result. */
function dataError(r: DecisionResult): string | undefined {
  if (r.decision !== 'error' || r.error?.field === undefined) return undefined;
  return r.reasons[0] ?? r.error.message;
}
