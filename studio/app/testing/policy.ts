// A small complete policy for the studio's unit tests: every node kind, a source of each cost
// class that matters, params with docs, a let, rules in both orders and every switch state.

export const POLICY = `policy small "Small policy" version 1

input applicant {
  id: text
  age: number
  income: money
  channel: enum("app", "partner")
  contacts: list of { relation: text, in_book: bool }
}

source blacklist "Own blacklist" {
  origin own
  cost free
  fields { listed: bool }
}

source bureau "Credit bureau" {
  origin external
  cost 2.00 per query
  latency slow
  fields { dpd: number }
}

param min_age = 18 "Minimum age at application"
param max_dpd = 30
param approve_score = 600

let outside = count(applicant.contacts, not it.in_book)

ruleset screen "Screening" order cost {
  rule bureau_dpd "Bureau arrears" {
    when bureau.dpd > max_dpd
    then reject "arrears"
  }
  rule underage "Under age" required {
    when applicant.age < min_age
    then reject "under age"
  }
  rule listed "Blacklisted" shadow {
    when blacklist.listed
    then reject
  }
  rule few_contacts "Contacts outside the book" off {
    when outside > 1
    then review "contacts"
  }
}

scorecard score "Score" {
  base 500
  applicant.age {
    [18, 30) => 10
    else => 40
  }
}

branch route "Route" {
  when applicant.channel == "partner" -> score
  else -> score
}

decision offer "Offer" {
  when score >= approve_score => approve {
    limit applicant.income * 3
    apr 24%
  }
  else => reject "score too low"
}

flow {
  start -> screen -> route
  score -> offer
}
`;

/** Text and cursor offset from a snippet with one `<|>` marker. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 3), offset };
}

/** The offset of the `n`-th occurrence (0-based) of `needle`, plus `delta`. */
export function offsetOf(text: string, needle: string, n = 0, delta = 0): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`\`${needle}\` not found ${n + 1} times`);
  }
  return at + delta;
}
