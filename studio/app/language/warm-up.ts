// The analysis worker's warm-up: while the page fetches the workspace and the first policy, the
// worker analyses a small policy that uses every construct of the language a few times over, so
// that the parser's lookahead tables are built and the JIT has compiled the parser, the checker,
// the compiler and the graph's view before the first real text arrives (a cold parse of a
// 500-rule policy is several times a warm one).

const RULES = [
  ['applicant.age < min_age', 'reject "under age"', ' required'],
  ['bureau.dpd > max_dpd and not (applicant.channel in ["app", "partner"])', 'reject "arrears"', ''],
  ['blacklist.listed', 'reject', ' shadow'],
  ['outside > 1 or applicant.zhima is missing', 'review "contacts"', ' off'],
  ['any(applicant.contacts, it.relation == "friend" and days_since(it.since) < 120)', 'flag "fresh friend"', ''],
  ['abs(applicant.income - applicant.debt * 2) > 15% and bureau.level == "high"', 'review "income"', ''],
  ['applicant.debt / applicant.income >= max_dti', 'reject "dti"', ''],
  ['max(bureau.dpd, 3) + 1 <= 2 or applicant.zhima is present', 'flag', ''],
];

/** A policy with every kind of declaration, node, expression and rule switch. */
export function warmUpPolicy(sets = 3): string {
  const out = [
    'policy warm_up "Warm-up" version 1',
    '',
    'input applicant {',
    '  id: text',
    '  age: number',
    '  income: money',
    '  debt: money',
    '  zhima: number?',
    '  applied_at: date',
    '  channel: enum("app", "partner")',
    '  contacts: list of { relation: text, in_book: bool, since: date }',
    '}',
    '',
    'source blacklist "Own blacklist" {\n  origin own\n  cost free\n  fields { listed: bool }\n}',
    'source bureau "Bureau" {\n  origin external\n  cost 2.00 per query\n  latency slow\n  fields { dpd: number, level: enum("low", "high") }\n}',
    'source antifraud "Anti-fraud" {\n  origin external\n  cost 0.50 per hit when hit\n  fields { hit: bool }\n}',
    '',
    'param min_age = 18 "Minimum age"',
    'param max_dpd = 30',
    'param max_dti = 0.7',
    'param approve_score = 600',
    '',
    'let outside = count(applicant.contacts, not it.in_book)',
    'let dti = applicant.debt / applicant.income',
    '',
  ];
  const ids: string[] = [];
  for (let s = 0; s < sets; s++) {
    ids.push(`rs${s}`);
    out.push(`ruleset rs${s} "Set ${s}" order ${s % 2 ? 'written' : 'cost'} {`);
    RULES.forEach(([when, then, sw], r) => out.push(`  rule r${s}_${r} "Rule ${r}"${s % 2 ? '' : sw} {\n    when ${when}${s ? ` and antifraud.hit` : ''}\n    then ${then}\n  }`));
    out.push('}', '');
  }
  out.push(
    'scorecard score "Score" {\n  base 500\n  applicant.age {\n    [18, 30) => 10\n    [30, 60) => 30\n    else => 0\n  }\n  dti {\n    < 0.3 => 40\n    else => -20\n  }\n  applicant.zhima {\n    >= 700 => 40\n    missing => 0\n    else => 5\n  }\n}',
    '',
    'branch route "Route" {\n  when applicant.channel == "partner" -> partner_offer\n  else -> offer\n}',
    '',
    'decision offer "Offer" {\n  when score >= approve_score => approve {\n    line revolving\n    limit min(50000, floor(applicant.income * 3, 100))\n    apr 24%\n    term 12\n  }\n  else => reject "score too low"\n}',
    'decision partner_offer "Partner offer" {\n  when score >= approve_score + 20 => approve {\n    limit applicant.income * 2\n    apr 30%\n  }\n  when score >= 560 => review "grey zone"\n  else => reject\n}',
    '',
    `flow {\n  start -> ${ids.join(' -> ')} -> score -> route\n}`,
    '',
  );
  return out.join('\n');
}
