// A large synthetic policy for the language benchmarks: the shape of a real one (an input with
// dozens of fields and a contacts list, sources of every cost class, tunable params, derived
// lets, rule sets in both orders, a scorecard, a branch and a decision), only wider. Deterministic:
// the same rule count gives the same text.

import { Draw, mulberry32 } from '../runtime/data/random.js';

export interface BigPolicyOptions {
  rules: number;
  /** Rules per rule set (default 50). */
  perSet?: number;
  seed?: number;
}

const FIELDS = 40;
const SOURCES = 12;
const PARAMS = 60;
const LETS = 30;

export function generatePolicy({ rules, perSet = 50, seed = 1 }: BigPolicyOptions): string {
  const d = new Draw(mulberry32(seed));
  const out: string[] = [];
  const emit = (line = '') => out.push(line);

  emit(`policy bench_${rules} "Benchmark policy, ${rules} rules" version 1`);
  emit();
  emit('input applicant {');
  emit('  id: text');
  emit('  age: number');
  emit('  income: money');
  emit('  debt: money');
  emit('  channel: enum("app", "h5", "partner")');
  emit('  zhima: number?');
  emit('  applied_at: date');
  for (let i = 0; i < FIELDS; i++) emit(`  f${i}: number${i % 5 === 4 ? '?' : ''}`);
  emit('  contacts: list of { relation: text, in_book: bool, since: date }');
  emit('}');
  emit();

  const costs = ['free', '0.10 per query', '0.50 per hit when listed', '2.00 per query'];
  for (let s = 0; s < SOURCES; s++) {
    emit(`source s${s} "Source ${s}" {`);
    emit(`  origin ${s === 0 ? 'own' : 'external'}`);
    emit(`  cost ${s === 0 ? 'free' : costs[s % costs.length]}`);
    emit(`  latency ${s % 3 === 2 ? 'slow' : 'fast'}`);
    emit('  fields { listed: bool, score: number?, v0: number, v1: number, level: enum("low", "mid", "high") }');
    emit('}');
  }
  emit();

  for (let p = 0; p < PARAMS; p++) emit(`param p${p} = ${d.int(1, 900)}${p % 4 === 0 ? ` "Parameter ${p}"` : ''}`);
  emit('param max_dti = 0.7');
  emit('param approve_score = 620');
  emit('param review_score = 560');
  emit();

  const field = () => `applicant.f${d.int(0, FIELDS - 1)}`;
  const sourceField = () => `s${d.int(0, SOURCES - 1)}.${d.pick(['score', 'v0', 'v1'])}`;
  const letExpr = (l: number): string => {
    switch (l % 5) {
      case 0: return `applicant.debt / applicant.income`;
      case 1: return `${field()} + ${field()} * ${d.int(2, 9)}`;
      case 2: return `count(applicant.contacts, not it.in_book)`;
      case 3: return `max(${sourceField()}, ${field()})`;
      default: return `days_since(applicant.applied_at) + ${d.int(0, 30)}`;
    }
  };
  for (let l = 0; l < LETS; l++) emit(`let l${l} = ${letExpr(l)}`);
  emit();

  const cmp = () => d.pick(['<', '<=', '>', '>=']);
  // Atoms that read no source: the only kind a written-order set holds, because there a cheap
  // reject after a dearer rule is (rightly) a checker warning, which no real policy keeps 700 of.
  const FREE_ATOMS = [0, 1, 5, 6, 7, 9];
  const atom = (free: boolean): string => {
    switch (free ? d.pick(FREE_ATOMS) : d.int(0, 9)) {
      case 0: return `applicant.age ${cmp()} p${d.int(0, PARAMS - 1)}`;
      case 1: return `${field()} ${cmp()} p${d.int(0, PARAMS - 1)}`;
      case 2: return `${sourceField()} ${cmp()} ${d.int(0, 1000)}`;
      case 3: return `s${d.int(0, SOURCES - 1)}.listed`;
      case 4: return `l${d.int(0, LETS - 1)} ${cmp()} ${d.int(0, 50)}`;
      case 5: return `applicant.channel in ["app", "partner"]`;
      case 6: return `applicant.zhima is missing`;
      case 7: return `any(applicant.contacts, it.relation == "friend" and days_since(it.since) < ${d.int(10, 400)})`;
      case 8: return `s${d.int(0, SOURCES - 1)}.level == "high"`;
      default: return `abs(${field()} - ${field()}) > ${d.int(1, 99)}%`;
    }
  };
  const condition = (free: boolean) => {
    const n = d.weighted([[1, 5], [2, 3], [3, 2]] as const);
    const parts = Array.from({ length: n }, () => atom(free));
    return n === 3 ? `(${parts[0]} or ${parts[1]}) and not ${parts[2]}` : parts.join(d.chance(0.5) ? ' and ' : ' or ');
  };

  const sets = Math.ceil(rules / perSet);
  let written = 0;
  for (let s = 0; s < sets; s++) {
    emit(`ruleset rs${s} "Rule set ${s}" order ${s % 2 === 1 ? 'written' : 'cost'} {`);
    for (let r = 0; r < perSet && written < rules; r++, written++) {
      const id = `r${written}`;
      const sw = d.weighted([['', 85], [' off', 5], [' shadow', 5], [' required', 5]] as const);
      const outcome = d.weighted([['reject', 40], ['review', 40], ['flag', 20]] as const);
      emit(`  rule ${id} "Rule ${written}"${sw} {`);
      emit(`    when ${condition(s % 2 === 1)}`);
      emit(`    then ${outcome} "reason ${written}"`);
      emit('  }');
    }
    emit('}');
  }
  emit();

  emit('scorecard score "Score" {');
  emit('  base 500');
  emit('  applicant.age {\n    [18, 25) => 5\n    [25, 40) => 30\n    [40, 61) => 20\n    else => 0\n  }');
  emit('  l0 {\n    < 0.3 => 40\n    [0.3, 0.6) => 10\n    else => -30\n  }');
  for (let c = 0; c < 10; c++) emit(`  applicant.f${c} {\n    < ${100 * c} => ${c}\n    >= ${100 * c} => ${-c}\n    missing => 0\n  }`);
  emit('  applicant.zhima {\n    >= 700 => 40\n    [600, 700) => 20\n    < 600 => 0\n    missing => 0\n  }');
  emit('}');
  emit();
  emit('branch route "Route" {\n  when applicant.channel == "partner" -> partner_offer\n  else -> offer\n}');
  emit();
  for (const [id, apr] of [['offer', '24%'], ['partner_offer', '30%']] as const) {
    emit(`decision ${id} "Offer" {`);
    emit(`  when score >= approve_score => approve {\n    line revolving\n    limit min(50000, floor(applicant.income * 3, 100))\n    apr ${apr}\n    term 12\n  }`);
    emit('  when score >= review_score => review "grey zone"');
    emit('  else => reject "score too low"');
    emit('}');
  }
  emit();
  emit('flow {');
  emit(`  start -> ${Array.from({ length: sets }, (_, s) => `rs${s}`).join(' -> ')} -> score -> route`);
  emit('}');
  return `${out.join('\n')}\n`;
}
