// A large, valid, generated policy for the speed tests: `rules` rules over a handful of sources
// and lets, split into rule sets of 50, then a scorecard and a decision.

export function largePolicy(rules: number): string {
  const out: string[] = [
    'policy big "Generated" version 1',
    'input applicant {\n  id: text\n  age: number\n  income: money\n  debt: money\n  channel: enum("app", "h5", "partner")\n  zhima: number?\n  contacts: list of { name: text, in_book: bool }\n}',
    'source own_list "Own" { fields { listed: bool } }',
    'source bureau "Bureau" {\n  origin external\n  cost 0.5 per hit when listed\n  fields { listed: bool, score: number }\n}',
    'source report "Report" {\n  origin external\n  cost 2 per query\n  latency slow\n  fields { dpd: number, inquiries: number }\n}',
    'let dti = applicant.debt / applicant.income',
    'let outside = count(applicant.contacts, not it.in_book)',
  ];
  const sets: string[] = [];
  const conds = [
    (i: number) => `applicant.age < ${18 + (i % 7)} and dti > 0.${(i % 9) + 1}`,
    (i: number) => `bureau.score < ${400 + (i % 200)} or own_list.listed`,
    (i: number) => `report.dpd > ${i % 90} and applicant.channel in ["app", "h5"]`,
    (i: number) => `outside > ${i % 5} or coalesce(applicant.zhima, 0) < ${500 + (i % 100)}`,
  ];
  for (let s = 0; s * 50 < rules; s++) {
    out.push(`param p${s} = ${s}`);
    const body: string[] = [];
    for (let i = s * 50; i < Math.min(rules, (s + 1) * 50); i++)
      body.push(`  rule r${i} "Rule ${i}" {\n    when ${conds[i % 4](i)} and applicant.age > p${s}\n    then ${i % 3 === 0 ? 'review' : 'reject'} "reason ${i}"\n  }`);
    out.push(`ruleset set${s} "Set ${s}" order cost {\n${body.join('\n')}\n}`);
    sets.push(`set${s}`);
  }
  out.push('scorecard score "Score" {\n  base 500\n  applicant.age {\n    < 25 => 5\n    [25, 40) => 20\n    >= 40 => 10\n  }\n  dti {\n    < 0.3 => 25\n    else => -10\n  }\n}');
  out.push('decision offer "Offer" {\n  when score >= 520 => approve {\n    line revolving\n    limit min(applicant.income * 3, 50000)\n    apr 18%\n  }\n  else => reject "low"\n}');
  out.push(`flow {\n  start -> ${sets.join(' -> ')} -> score -> offer\n}`);
  return out.join('\n\n') + '\n';
}
