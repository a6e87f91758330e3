// Package teams builds the team dashboards of an organisation: its tree of
// teams, aggregate scores for any slice of it (the organisation, a team with
// all its descendants, either narrowed by filters), a heatmap of teams ×
// facets, the management × leadership grid, each team's blend against the
// advisor's recommendation for its situation, and peer-mentor suggestions.
//
// The package is pure: it takes values and returns values.
//
// # Anonymity
//
// No aggregate covering fewer than the threshold (at least MinThreshold, 3)
// is shown, and no combination of shown aggregates isolates fewer people
// than that: a team of 4 inside a department of 6 is not shown beside the
// department, or department − team would show the other 2.
//
// The rule. Plan takes the whole family of slices the organisation's
// dashboards can show. Call a set of shown slices F; its atoms are the
// classes of people who belong to exactly the same slices of F (people in no
// slice of F belong to no atom). F is safe when every atom has at least
// threshold people. Plan builds F greedily: it takes the distinct member sets
// of the family in a fixed order, fewest filters first, then larger first,
// then by their members, and adds a set when F stays safe with it; slices
// with the same members are decided together. A set is rejected as TooFew
// when it has fewer than threshold people, and as Differencing when adding it
// would cut an atom into a piece of 1 to threshold−1 people, or leave 1 to
// threshold−1 of its people in no atom.
//
// Why it holds, whatever the viewer combines. Every number shown of a slice
// S is a function of sums over S of per-person values f(p): the count (f = 1),
// the scores (the means), their squares (the spreads), quadrant indicators
// (the grid's counts, which are slices narrowed by quadrant). A sum over S is
// ⟨1_S, f⟩, so any linear combination Σ c_S ⟨1_S, f⟩ the viewer forms,
// differences included, is ⟨v, f⟩ with v = Σ c_S 1_S. Each 1_S is constant
// on every atom of F, so v is too: ⟨v, f⟩ = Σ_A v_A · Σ_{p∈A} f(p). Whatever
// can be worked out linearly from everything shown is therefore a function of
// the atom sums, each over at least threshold people; the support of any such
// v is a union of atoms, of 0 or at least threshold people, so no vector
// isolating one or two people lies in the span of the shown slices. The rule
// is not stronger than needed where it matters: when the shown slices span
// the atoms (department and team), a small atom is exactly what differencing
// yields (department − team).
//
// Order and paging. The greedy order is defined by the sets alone, so the
// answer does not depend on the order slices are requested in. F is maximal:
// adding a set only refines the atoms, so a set rejected early would be
// rejected by the final F too, and no suppressed slice could be shown in
// addition. It is not necessarily the largest safe family, which would need a
// combinatorial search. The guarantee holds within one plan: slices shown by
// two plans over different families can be differenced against each other,
// so callers must plan the full family their dashboards can show, to every
// viewer and on every page, at once (Family builds it), and read every view
// of the dashboards from that one plan.
//
// What the rule assumes. Membership is treated as known to viewers: team
// rosters and filter attributes such as location, so attributes must be facts
// viewers may know about everyone. The quadrant filter is the exception, as a
// quadrant comes from scores: a quadrant slice's n counts people, and those
// counts are protected by the same atoms, but a shown group whose members all
// share a quadrant shows that they do, as any aggregate shows what all its
// members share; and which quadrant slices are suppressed follows from those
// counts. The threshold assumes a viewer knows the scores of at most one
// member of an atom, their own, which is why it is never below 3: a viewer
// who may also see others one by one (the grid's canSee) learns the sum of
// the rest of each atom. Snapshots over time are outside a plan: a person who
// joins a team changes its mean by exactly their own contribution, so
// adapters must not let viewers compare a slice's aggregate before and after a
// change of its members. People without scores count towards nothing.
//
// Arithmetic is exact: scores are whole numbers of tenths, sums are integers,
// and means and spreads are rounded half up from exact values, so the same
// people always give the same bytes.
package teams
