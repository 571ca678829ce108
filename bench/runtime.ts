// Runtime: decisions per second on samples/application.policy over generated applicants held in
// memory, for Verdict (without and with trace), the hand-written TypeScript reference, and the
// same policy in json-rules-engine and in GoRules ZEN. Every figure is warm (after a warm-up).
// The machine may be shared: figures are taken in interleaved rounds and each ratio is the median
// of per-round ratios, so that a busy moment slows both sides of a ratio alike.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideApplication } from './reference/application.js';
import { createJsonRulesEngine } from './competitors/json-rules-engine.js';
import type { CompetitorResult } from './competitors/outcome.js';
import { createZen } from './competitors/zen.js';
import { compileText } from '../runtime/compile.js';
import { generateApplicants, type JsonRecord } from '../runtime/data/generate.js';
import { prepare, type Evaluator } from '../runtime/evaluate.js';
import { median, now, perSecond, repoRoot, timeOnce, timeOnceAsync, type BenchOptions, type Row, type Section } from './measure.js';


type AsyncDecide = (record: JsonRecord) => Promise<CompetitorResult>;

/** Decisions per CPU second of the last `sync` call: what a busy machine's wall figures hide. */
let lastCpuRate = 0;

function sync(label: string, records: JsonRecord[], decide: (r: JsonRecord) => unknown): number {
  let sink = 0;
  const cpu = process.cpuUsage();
  const ms = timeOnce(() => {
    for (let i = 0; i < records.length; i++) if (decide(records[i]) !== undefined) sink++;
  });
  const used = process.cpuUsage(cpu);
  lastCpuRate = perSecond(records.length, (used.user + used.system) / 1000);
  if (sink !== records.length) throw new Error(`${label}: a decision returned nothing`);
  return perSecond(records.length, ms);
}

async function sequential(records: JsonRecord[], decide: AsyncDecide): Promise<number> {
  const ms = await timeOnceAsync(async () => {
    for (const r of records) await decide(r);
  });
  return perSecond(records.length, ms);
}

/** `inFlight` decisions outstanding at any time: lets an engine that evaluates off the JS thread use it. */
async function concurrent(records: JsonRecord[], decide: AsyncDecide, inFlight: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < records.length) await decide(records[next++]);
  };
  const ms = await timeOnceAsync(async () => {
    await Promise.all(Array.from({ length: inFlight }, worker));
  });
  return perSecond(records.length, ms);
}

const signature = (r: { decision: string; hits: (string | { rule: string; shadow?: boolean })[]; terms?: unknown }) =>
  JSON.stringify({ d: r.decision, h: r.hits.map((h) => (typeof h === 'string' ? h : h.shadow ? `${h.rule} (shadow)` : h.rule)), t: r.terms });

function verdictSignature(verdict: Evaluator, record: JsonRecord): string {
  return signature(JSON.parse(JSON.stringify(verdict.decide(record))));
}

async function agreement(records: JsonRecord[], decide: AsyncDecide): Promise<number> {
  let same = 0;
  for (const r of records) if (signature(await decide(r)) === signature(decideApplication(r))) same++;
  return (100 * same) / records.length;
}

export const runtimeSection: Section = {
  id: 'runtime',
  title: 'Runtime: samples/application.policy',
  async run({ quick, log }: BenchOptions): Promise<Row[]> {
    const N = quick ? 20_000 : 100_000;
    const M = quick ? 1_000 : 5_000;
    const rounds = quick ? 2 : 5;

    let t = now();
    const records = [...generateApplicants({ seed: 42, count: N })];
    log(`runtime: ${N.toLocaleString('en-US')} applicants generated in memory in ${((now() - t) / 1000).toFixed(1)} s`);
    const compiled = compileText(readFileSync(join(repoRoot(), 'samples/application.policy'), 'utf8'));
    if (!compiled.graph) throw new Error('samples/application.policy does not compile');
    const verdict = prepare(compiled.graph);

    // The comparison is only worth something if the engines decide alike.
    t = now();
    const checked = records.slice(0, quick ? 5_000 : 20_000);
    const same = checked.filter((r) => verdictSignature(verdict, r) === signature(decideApplication(r))).length;
    log(`runtime: Verdict and the reference compared on ${checked.length.toLocaleString('en-US')} records in ${((now() - t) / 1000).toFixed(1)} s`);

    const warm = records.slice(0, 10_000);
    for (let i = 0; i < 3; i++) {
      sync('verdict', warm, (r) => verdict.decide(r));
      sync('verdict traced', warm, (r) => verdict.decide(r, { trace: true }));
      sync('reference', warm, decideApplication);
    }
    const plain: number[] = [];
    const traced: number[] = [];
    const reference: number[] = [];
    const cpu = { plain: [] as number[], traced: [] as number[], reference: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      plain.push(sync('verdict', records, (r) => verdict.decide(r)));
      cpu.plain.push(lastCpuRate);
      traced.push(sync('verdict traced', records, (r) => verdict.decide(r, { trace: true })));
      cpu.traced.push(lastCpuRate);
      reference.push(sync('reference', records, decideApplication));
      cpu.reference.push(lastCpuRate);
      log(`runtime: round ${i + 1}/${rounds}: Verdict ${plain[i].toFixed(0)}/s, traced ${traced[i].toFixed(0)}/s, reference ${reference[i].toFixed(0)}/s`);
    }

    // The engines below do not validate records: give them only those the policy does not reject as malformed.
    const valid = records.filter((r) => decideApplication(r).decision !== 'error').slice(0, M);
    const jre = createJsonRulesEngine();
    const zen = createZen();
    const jreRates: number[] = [];
    const zenSeq: number[] = [];
    const zenPar: number[] = [];
    const vsJre: number[] = [];
    const vsZen: number[] = [];
    const verdictOn = () => median([0, 1, 2].map(() => sync('verdict', valid, (r) => verdict.decide(r))));
    await sequential(valid.slice(0, 500), jre.decide);
    await sequential(valid.slice(0, 500), zen.decide);
    await concurrent(valid.slice(0, 500), zen.decide, 64);
    const competitorRounds = quick ? 1 : 3;
    for (let i = 0; i < competitorRounds; i++) {
      const j = await sequential(valid, jre.decide);
      const v1 = verdictOn();
      const zs = await sequential(valid, zen.decide);
      const zp = await concurrent(valid, zen.decide, 64);
      const v2 = verdictOn();
      jreRates.push(j);
      zenSeq.push(zs);
      zenPar.push(zp);
      vsJre.push(v1 / j);
      vsZen.push(v2 / Math.max(zs, zp));
      log(`runtime: competitors round ${i + 1}/${competitorRounds}: json-rules-engine ${j.toFixed(0)}/s, ZEN ${zs.toFixed(0)}/s sequential and ${zp.toFixed(0)}/s with 64 in flight, Verdict ${v1.toFixed(0)}/s and ${v2.toFixed(0)}/s on the same records`);
    }
    const jreAgree = await agreement(valid, jre.decide);
    const zenAgree = await agreement(valid, zen.decide);
    zen.dispose();

    const zenBest = Math.max(median(zenSeq), median(zenPar));
    const perCpu = (rates: number[]) => `${Math.round(median(rates)).toLocaleString('en-US')} per CPU second`;
    return [
      { name: 'Verdict, no trace', figure: median(plain), unit: 'dec/s', note: `${N.toLocaleString('en-US')} generated applicants in memory, median of ${rounds} passes after 3 warm-up passes over 10,000; ${perCpu(cpu.plain)}` },
      { name: 'Verdict, with trace', figure: median(traced), unit: 'dec/s', note: perCpu(cpu.traced) },
      { name: 'hand-written TypeScript reference', figure: median(reference), unit: 'dec/s', note: `bench/reference/application.ts: validates the record, JS numbers, decimal.js for debt-to-income and the limit; ${perCpu(cpu.reference)}` },
      { name: 'Verdict ÷ reference', figure: median(plain.map((p, i) => p / reference[i])), unit: '×', target: { kind: 'min', value: 0.5 } },
      { name: 'Verdict with trace ÷ reference', figure: median(traced.map((p, i) => p / reference[i])), unit: '×' },
      { name: 'json-rules-engine', figure: median(jreRates), unit: 'dec/s', note: `${valid.length.toLocaleString('en-US')} well-formed records, one at a time (the engine's stop() is per engine, so runs cannot overlap)` },
      { name: 'Verdict ÷ json-rules-engine', figure: median(vsJre), unit: '×', target: { kind: 'min', value: 10 }, note: 'Verdict timed on the same records in the same round' },
      { name: 'GoRules ZEN (@gorules/zen-engine)', figure: zenBest, unit: 'dec/s', note: `the better of one at a time (${median(zenSeq).toFixed(0)}/s) and 64 in flight (${median(zenPar).toFixed(0)}/s), on the same records` },
      { name: 'Verdict ÷ ZEN', figure: median(vsZen), unit: '×', target: { kind: 'min', value: 10 } },
      { name: 'Verdict = reference', figure: (100 * same) / checked.length, unit: '%', target: { kind: 'min', value: 100 }, note: `decision, hit rules and terms on ${checked.length.toLocaleString('en-US')} records, malformed ones included` },
      { name: 'json-rules-engine = reference', figure: jreAgree, unit: '%', target: { kind: 'min', value: 100 } },
      { name: 'ZEN = reference', figure: zenAgree, unit: '%', target: { kind: 'min', value: 100 } },
    ];
  },
};
