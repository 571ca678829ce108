// Small policies for the edit tests: every kind of node, comments in the places that matter.

export const SMALL = `policy small "Small" version 1

input applicant {
  id: text
  age: number
  income: money
  channel: enum("app", "partner")
}

source bureau "Bureau" {
  origin external
  cost 0.50 per hit when listed
  fields { listed: bool }
}

param min_age = 18 "Minimum age"
param max_age = 60
param rate = 15%

let low_income = applicant.income < 3000

// Cheap checks first.
ruleset basics "Basic checks" {
  rule underage "Under age" required {
    when applicant.age < min_age
    then reject "under age"
  }
  // Trial: old applicants.
  rule overage {
    when applicant.age > max_age
    then review
  }
  rule listed "Listed" shadow {
    when bureau.listed
    then reject "listed"
  } // after listed
}

ruleset extra "Extra" order cost {
  rule poor {
    when low_income
    then flag "poor"
  }
}

scorecard score "Score" {
  base 500
  applicant.age {
    < 30 => 10
    else => 20
  }
}

branch route "Route" {
  when applicant.channel == "partner" -> extra
  else -> score
}

decision offer "Offer" {
  when score >= 515 => approve {
    limit 5000
    apr 24%
  }
  when score >= 505 => review "grey"
  else => reject "low"
}

flow {
  start -> basics -> route
  extra -> score -> offer
}
`;

/** Odd layouts: rules on one line, a block comment, a chain split over two flow lines, a text param. */
export const ODD = `policy odd "Odd" version 2

input applicant { id: text, age: number, region: text }

source vendor { origin external  cost 0.20 per query  fields { risk: number } }

param cutoff = 0.5
param region = "north"

ruleset quick { rule young { when applicant.age < 18 then reject } rule far { when applicant.region != region then review "far" } }

/* vendor rules,
   most expensive */
ruleset vendor_checks order cost {
  rule risky { when vendor.risk > cutoff then reject "risky" }   // one line
  rule very_risky required { when vendor.risk > 0.9 then reject }
}

ruleset tail "Tail" {
  rule old {
    when applicant.age > 80
    then flag
  }
}

decision done { else => approve }

flow {
  start -> quick
  quick -> vendor_checks -> tail
  tail -> done
}
`;

/** A branch of several arms, merging paths, two decisions: rewires that keep every node reachable. */
export const WIDE = `policy wide "Wide" version 1

input applicant { id: text, age: number, score: number, channel: enum("app", "h5", "partner") }

param floor_score = 600

ruleset a_checks { rule a1 { when applicant.age < 18 then reject "young" } }

ruleset b_checks "B" {
  rule b1 {
    when applicant.score < floor_score
    then review "low"
  }
  rule b2 shadow {
    when applicant.age > 70
    then flag
  }
}

ruleset c_checks "C" {
  rule c1 {
    when applicant.score < 300
    then reject
  }
}

scorecard bonus {
  applicant.age {
    [18, 30) => 5
    else => 0
  }
}

branch split "Split" {
  when applicant.channel == "partner" -> b_checks
  when applicant.channel == "h5" -> c_checks
  // app users with a high score go straight to the decision
  when applicant.score > 800 -> approve_all
  else -> bonus
}

decision approve_all { else => approve }

decision mixed {
  when applicant.score > 700 => approve
  when applicant.score > 500 => review "mid"
  else => reject "low"
}

flow {
  start -> a_checks -> split
  b_checks -> c_checks -> bonus -> mixed
}
`;
