//! Forming review groups: volunteers split into groups of the chosen size that are alike
//! enough to learn from each other and strong where each other wants to improve, with no
//! competitors, no pair that reviewed each other lately and no one too far to travel.
//!
//! **The objective.** Each member gets a value from 0 to 1: its mean closeness to the
//! other members (similarity) and, for each of its focus areas, the strength of the
//! group's strongest other member in that area, averaged over its focus areas
//! (complement), weighted as the round says. The objective is the mean of the members'
//! values. Conflicts (competitors, recent reviews, beyond the travel limit) are hard
//! constraints: a grouping with fewer conflicts is always better, whatever its objective.
//!
//! **The method.** A greedy start builds groups one at a time from the volunteers with
//! fewest possible partners first, adding whoever raises the group's value most without
//! a conflict. Local search then moves one volunteer to another group or swaps two
//! volunteers between groups whenever that removes a conflict or raises the objective,
//! until no such move is left. The order volunteers are tried in is shuffled from a seed,
//! so the same seed always gives the same groups. If conflicts remain, no groups are
//! proposed: the answer names the constraint that cannot be met.

use super::round::{Conflict, RoundInput, RoundRules, MAX_GROUP, MIN_GROUP};
use crate::brokerage::area::ImprovementArea;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Local search stops after this many passes over the volunteers even if a pass still
/// improves (it has never been needed on the national data; it bounds the work).
const MAX_PASSES: usize = 200;

/// Gains smaller than this are rounding, not improvement.
const EPSILON: f64 = 1e-12;

/// The sizes groups may have for `n` volunteers and a wanted size: how many groups and
/// the smallest and largest size (one apart at most), or `None` if `n` volunteers cannot
/// be split into groups of [`MIN_GROUP`] to [`MAX_GROUP`].
pub fn group_sizes(n: usize, wanted: usize) -> Option<(usize, usize, usize)> {
    (1..=n)
        .map(|g| (g, n / g, n.div_ceil(g)))
        .filter(|(_, lo, hi)| *lo >= MIN_GROUP && *hi <= MAX_GROUP)
        .min_by_key(|(g, lo, hi)| {
            let off = lo.abs_diff(wanted).max(hi.abs_diff(wanted));
            (off, std::cmp::Reverse(*g))
        })
}

/// Why no groups can be proposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Infeasible {
    /// The wanted size is outside 3 to 7.
    SizeOutOfRange {
        /// The size asked for.
        size: usize,
    },
    /// Too few volunteers for even one group.
    TooFewVolunteers {
        /// How many volunteered.
        volunteers: usize,
    },
    /// A volunteer has too few possible partners for a group.
    TooFewPartners {
        /// The volunteer's name.
        name: String,
        /// How many others it may share a group with.
        possible: usize,
        /// How many it needs.
        needed: usize,
        /// How many of the others each constraint rules out.
        ruled_out: ConstraintCounts,
    },
    /// The search ended with conflicts it could not remove.
    Unresolved {
        /// Each remaining conflict in words.
        conflicts: Vec<String>,
        /// How many of them each constraint accounts for.
        counts: ConstraintCounts,
    },
}

/// How many pairs each constraint rules out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConstraintCounts {
    /// Possible competitors.
    pub competitors: usize,
    /// Reviewed each other in the last two rounds.
    pub reviewed_recently: usize,
    /// Beyond the travel limit.
    pub too_far: usize,
}

impl ConstraintCounts {
    fn count(&mut self, conflict: &Conflict) {
        match conflict {
            Conflict::Competitors { .. } => self.competitors += 1,
            Conflict::ReviewedRecently { .. } => self.reviewed_recently += 1,
            Conflict::TooFar { .. } => self.too_far += 1,
        }
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.competitors > 0 {
            parts.push(format!("{} as possible competitors", self.competitors));
        }
        if self.reviewed_recently > 0 {
            parts.push(format!(
                "{} for reviewing each other in the last two rounds",
                self.reviewed_recently
            ));
        }
        if self.too_far > 0 {
            parts.push(format!("{} beyond the travel limit", self.too_far));
        }
        if parts.is_empty() {
            "none".into()
        } else {
            parts.join(", ")
        }
    }
}

impl Infeasible {
    /// In words, naming the constraint that fails.
    pub fn describe(&self) -> String {
        match self {
            Infeasible::SizeOutOfRange { size } => format!(
                "Groups of {size} cannot be formed: choose a size from {MIN_GROUP} to {MAX_GROUP}"
            ),
            Infeasible::TooFewVolunteers { volunteers } => format!(
                "{volunteers} volunteer(s) cannot make a group: a group needs at least \
                 {MIN_GROUP}"
            ),
            Infeasible::TooFewPartners {
                name,
                possible,
                needed,
                ruled_out,
            } => format!(
                "{name} can share a group with only {possible} other volunteer(s) and needs \
                 {needed}; the others are ruled out: {}. Widen the travel limit, add \
                 volunteers or leave it out of this round.",
                ruled_out.describe()
            ),
            Infeasible::Unresolved { conflicts, counts } => format!(
                "No grouping avoids every conflict; {} remain ({}): {}",
                conflicts.len(),
                counts.describe(),
                conflicts.join("; ")
            ),
        }
    }
}

/// One focus area of one member and who in its group is strongest in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cover {
    /// The member (position among the volunteers).
    pub member: usize,
    /// The focus area.
    pub area: ImprovementArea,
    /// The strongest other member in it, and its strength; `None` if no one has any.
    pub by: Option<(usize, f64)>,
}

/// One group measured on each criterion, with its conflicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupAssessment {
    /// The members (positions among the volunteers), in order.
    pub members: Vec<usize>,
    /// Mean closeness of each member to the others, from 0 to 1.
    pub similarity: f64,
    /// Mean strength found for each member's focus areas, from 0 to 1.
    pub complement: f64,
    /// The group's share of the objective: the mean of its members' values.
    pub value: f64,
    /// The most alike pair and their closeness.
    pub most_alike: Option<(usize, usize, f64)>,
    /// The furthest pair with a known distance.
    pub furthest: Option<(usize, usize, f64)>,
    /// Each member's focus areas and who covers them.
    pub cover: Vec<Cover>,
    /// Pairs that may not share a group, and why.
    pub conflicts: Vec<(usize, usize, Conflict)>,
    /// Whether its size is within the round's bounds.
    pub size_ok: bool,
}

impl GroupAssessment {
    /// Why this group, criterion by criterion, in words.
    pub fn reasons(&self, input: &RoundInput, rules: &RoundRules) -> Vec<String> {
        let name = |i: usize| {
            input
                .volunteers
                .get(i)
                .map_or(String::new(), |v| v.name.clone())
        };
        let mut reasons = Vec::new();
        reasons.push(match self.most_alike {
            Some((a, b, sim)) => format!(
                "Alike: mean closeness {:.2}; most alike are {} and {} ({sim:.2})",
                self.similarity,
                name(a),
                name(b)
            ),
            None => "Alike: no two members could be compared".into(),
        });
        let covered = self.cover.iter().filter(|c| c.by.is_some()).count();
        reasons.push(format!(
            "Strengths: {covered} of {} focus areas have someone in the group with evidence \
             of strength (mean strength found {:.2})",
            self.cover.len(),
            self.complement
        ));
        for c in &self.cover {
            reasons.push(match c.by {
                Some((by, strength)) => format!(
                    "{}'s focus on {}: {} is strongest in it ({strength:.2})",
                    name(c.member),
                    c.area.label().to_lowercase(),
                    name(by)
                ),
                None => format!(
                    "{}'s focus on {}: no one else in the group has evidence of strength",
                    name(c.member),
                    c.area.label().to_lowercase()
                ),
            });
        }
        reasons.push(match (self.furthest, rules.travel_km) {
            (Some((a, b, km)), Some(limit)) => format!(
                "Travel: furthest apart are {} and {}, {km:.1} km (limit {limit:.0} km)",
                name(a),
                name(b)
            ),
            (Some((a, b, km)), None) => format!(
                "Travel: furthest apart are {} and {}, {km:.1} km (no limit set)",
                name(a),
                name(b)
            ),
            (None, _) => "Travel: distances not known (no published locations)".into(),
        });
        if self.conflicts.is_empty() {
            reasons.push(
                "No possible competitors and no pair that reviewed each other in the last two \
                 rounds"
                    .into(),
            );
        }
        for (a, b, conflict) in &self.conflicts {
            reasons.push(format!(
                "Conflict: {}",
                conflict.describe(&name(*a), &name(*b))
            ));
        }
        if !self.size_ok {
            reasons.push(format!(
                "Size: {} members is outside the sizes this round allows",
                self.members.len()
            ));
        }
        reasons
    }
}

/// A whole grouping measured: the objective and each group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    /// The mean member value, from 0 to 1.
    pub objective: f64,
    /// How many conflicting pairs share a group.
    pub conflicts: usize,
    /// Each group.
    pub groups: Vec<GroupAssessment>,
    /// Volunteers in no group, or in more than one.
    pub misplaced: Vec<usize>,
}

/// Groups proposed for a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    /// The groups and why.
    pub assessment: Assessment,
    /// The greedy start's objective, for comparison.
    pub greedy_objective: f64,
    /// The seed the search was shuffled with.
    pub seed: u64,
    /// Passes of local search made.
    pub passes: usize,
}

/// What the optimiser works on: the input reduced to numbers.
struct Problem<'a> {
    input: &'a RoundInput,
    rules: &'a RoundRules,
    n: usize,
    compatible: Vec<bool>,
    /// strength[j * areas + a]: volunteer j's strength in area a.
    strength: Vec<f64>,
    /// Each volunteer's focus areas as area positions.
    focus: Vec<Vec<usize>>,
    similarity_weight: f64,
    complement_weight: f64,
}

const AREAS: usize = ImprovementArea::ALL.len();

fn area_position(area: ImprovementArea) -> usize {
    ImprovementArea::ALL
        .iter()
        .position(|a| *a == area)
        .unwrap_or_default()
}

impl<'a> Problem<'a> {
    fn new(input: &'a RoundInput, rules: &'a RoundRules) -> Problem<'a> {
        let n = input.volunteers.len();
        let mut compatible = vec![true; n * n];
        for i in 0..n {
            for j in 0..n {
                compatible[i * n + j] = i == j || input.relations.compatible(i, j, rules);
            }
        }
        let mut strength = vec![0.0; n * AREAS];
        for (j, v) in input.volunteers.iter().enumerate() {
            for area in ImprovementArea::ALL {
                strength[j * AREAS + area_position(area)] = v.strength(area);
            }
        }
        let focus = input
            .volunteers
            .iter()
            .map(|v| {
                let mut areas: Vec<usize> = v.focus.iter().map(|a| area_position(*a)).collect();
                areas.sort_unstable();
                areas.dedup();
                areas
            })
            .collect();
        let (s, c) = (
            rules.weights.similarity.max(0.0),
            rules.weights.complement.max(0.0),
        );
        let total = if s + c > 0.0 { s + c } else { 1.0 };
        Problem {
            input,
            rules,
            n,
            compatible,
            strength,
            focus,
            similarity_weight: if s + c > 0.0 { s / total } else { 0.5 },
            complement_weight: if s + c > 0.0 { c / total } else { 0.5 },
        }
    }

    fn ok(&self, i: usize, j: usize) -> bool {
        self.compatible[i * self.n + j]
    }

    /// One member's similarity and complement among `members` (which include it).
    fn member_parts(&self, i: usize, members: &[usize]) -> (f64, f64) {
        let others = members.len().saturating_sub(1);
        if others == 0 {
            return (0.0, 0.0);
        }
        let similarity = members
            .iter()
            .filter(|j| **j != i)
            .map(|j| self.input.relations.similarity(i, *j))
            .sum::<f64>()
            / others as f64;
        let focus = &self.focus[i];
        let complement = if focus.is_empty() {
            // Nothing asked for, so nothing is missing.
            1.0
        } else {
            focus
                .iter()
                .map(|a| {
                    members
                        .iter()
                        .filter(|j| **j != i)
                        .map(|j| self.strength[j * AREAS + a])
                        .fold(0.0, f64::max)
                })
                .sum::<f64>()
                / focus.len() as f64
        };
        (similarity, complement)
    }

    /// The sum of the members' values.
    fn value(&self, members: &[usize]) -> f64 {
        members
            .iter()
            .map(|i| {
                let (s, c) = self.member_parts(*i, members);
                self.similarity_weight * s + self.complement_weight * c
            })
            .sum()
    }

    /// Conflicting pairs among `members`.
    fn conflicts(&self, members: &[usize]) -> usize {
        let mut count = 0;
        for (x, i) in members.iter().enumerate() {
            for j in &members[x + 1..] {
                if !self.ok(*i, *j) {
                    count += 1;
                }
            }
        }
        count
    }

    /// Conflicts `i` would have with `members` (not counting itself).
    fn conflicts_with(&self, i: usize, members: &[usize]) -> usize {
        members
            .iter()
            .filter(|j| **j != i && !self.ok(i, **j))
            .count()
    }
}

/// A grouping being improved: the groups, each volunteer's group, and each group's value
/// and conflicts kept up to date.
struct Grouping {
    groups: Vec<Vec<usize>>,
    group_of: Vec<usize>,
    values: Vec<f64>,
    conflicts: Vec<usize>,
}

impl Grouping {
    fn new(problem: &Problem, groups: Vec<Vec<usize>>) -> Grouping {
        let mut group_of = vec![0; problem.n];
        for (g, members) in groups.iter().enumerate() {
            for m in members {
                group_of[*m] = g;
            }
        }
        let values = groups.iter().map(|m| problem.value(m)).collect();
        let conflicts = groups.iter().map(|m| problem.conflicts(m)).collect();
        Grouping {
            groups,
            group_of,
            values,
            conflicts,
        }
    }

    fn objective(&self, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            self.values.iter().sum::<f64>() / n as f64
        }
    }

    fn total_conflicts(&self) -> usize {
        self.conflicts.iter().sum()
    }

    fn replace(&mut self, problem: &Problem, g: usize, members: Vec<usize>) {
        for m in &members {
            self.group_of[*m] = g;
        }
        self.values[g] = problem.value(&members);
        self.conflicts[g] = problem.conflicts(&members);
        self.groups[g] = members;
    }
}

/// Whether a change of (conflicts, value) is an improvement: fewer conflicts, or as many
/// and a higher value.
fn improves(conflict_change: isize, value_change: f64) -> bool {
    conflict_change < 0 || (conflict_change == 0 && value_change > EPSILON)
}

/// Proposes groups for a round, deterministic for a given `seed`.
pub fn propose(input: &RoundInput, rules: &RoundRules, seed: u64) -> Result<Proposal, Infeasible> {
    if !(MIN_GROUP..=MAX_GROUP).contains(&rules.group_size) {
        return Err(Infeasible::SizeOutOfRange {
            size: rules.group_size,
        });
    }
    let n = input.volunteers.len();
    let Some((count, lo, hi)) = group_sizes(n, rules.group_size) else {
        return Err(Infeasible::TooFewVolunteers { volunteers: n });
    };
    let problem = Problem::new(input, rules);
    let possible: Vec<usize> = (0..n)
        .map(|i| (0..n).filter(|j| *j != i && problem.ok(i, *j)).count())
        .collect();
    if let Some(i) = (0..n).find(|i| possible[*i] + 1 < lo) {
        let mut ruled_out = ConstraintCounts::default();
        for j in (0..n).filter(|j| *j != i) {
            for conflict in input.relations.conflicts(i, j, rules) {
                ruled_out.count(&conflict);
            }
        }
        return Err(Infeasible::TooFewPartners {
            name: input.volunteers[i].name.clone(),
            possible: possible[i],
            needed: lo - 1,
            ruled_out,
        });
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rng);
    // The hardest to place first; the shuffle breaks ties.
    order.sort_by_key(|i| possible[*i]);
    let greedy = greedy_start(&problem, &order, count, lo, hi);
    let mut grouping = Grouping::new(&problem, greedy);
    let greedy_objective = grouping.objective(n);
    let passes = local_search(&problem, &mut grouping, &mut order, &mut rng, lo, hi);
    if grouping.total_conflicts() > 0 {
        let assessment = assess_groups(&problem, &grouping.groups, lo, hi);
        let mut counts = ConstraintCounts::default();
        let mut conflicts = Vec::new();
        for group in &assessment.groups {
            for (a, b, conflict) in &group.conflicts {
                counts.count(conflict);
                conflicts.push(
                    conflict.describe(&input.volunteers[*a].name, &input.volunteers[*b].name),
                );
            }
        }
        return Err(Infeasible::Unresolved { conflicts, counts });
    }
    Ok(Proposal {
        assessment: assess_groups(&problem, &grouping.groups, lo, hi),
        greedy_objective,
        seed,
        passes,
    })
}

/// Builds `count` groups one at a time: each starts from the hardest volunteer left and
/// takes whoever adds fewest conflicts and most value, until it has its size.
fn greedy_start(
    problem: &Problem,
    order: &[usize],
    count: usize,
    lo: usize,
    hi: usize,
) -> Vec<Vec<usize>> {
    let n = problem.n;
    let larger = n - count * lo;
    let mut placed = vec![false; n];
    let mut groups = Vec::with_capacity(count);
    for g in 0..count {
        let size = if g < larger { hi } else { lo };
        let Some(&first) = order.iter().find(|i| !placed[**i]) else {
            break;
        };
        placed[first] = true;
        let mut members = vec![first];
        let mut value = problem.value(&members);
        while members.len() < size {
            let mut best: Option<(usize, f64, usize)> = None;
            for &j in order.iter().filter(|j| !placed[**j]) {
                let added = problem.conflicts_with(j, &members);
                members.push(j);
                let gain = problem.value(&members) - value;
                members.pop();
                let better = match best {
                    None => true,
                    Some((c, v, _)) => added < c || (added == c && gain > v + EPSILON),
                };
                if better {
                    best = Some((added, gain, j));
                }
            }
            let Some((_, gain, j)) = best else {
                break;
            };
            placed[j] = true;
            members.push(j);
            value += gain;
        }
        groups.push(members);
    }
    groups
}

/// Moves and swaps volunteers while that improves the grouping; returns the passes made.
fn local_search(
    problem: &Problem,
    grouping: &mut Grouping,
    order: &mut [usize],
    rng: &mut ChaCha8Rng,
    lo: usize,
    hi: usize,
) -> usize {
    let mut with = Vec::with_capacity(MAX_GROUP + 1);
    let mut without = Vec::with_capacity(MAX_GROUP + 1);
    for pass in 1..=MAX_PASSES {
        let mut improved = false;
        order.shuffle(rng);
        for &i in order.iter() {
            let a = grouping.group_of[i];
            // Move i to another group with room.
            if grouping.groups[a].len() > lo {
                without.clear();
                without.extend(grouping.groups[a].iter().copied().filter(|m| *m != i));
                let lost = problem.conflicts_with(i, &without) as isize;
                let value_without = problem.value(&without);
                let mut best: Option<(isize, f64, usize)> = None;
                for b in 0..grouping.groups.len() {
                    if b == a || grouping.groups[b].len() >= hi {
                        continue;
                    }
                    let gained = problem.conflicts_with(i, &grouping.groups[b]) as isize;
                    let conflict_change = gained - lost;
                    if conflict_change > 0 {
                        continue;
                    }
                    with.clear();
                    with.extend_from_slice(&grouping.groups[b]);
                    with.push(i);
                    let value_change = value_without + problem.value(&with)
                        - grouping.values[a]
                        - grouping.values[b];
                    if improves(conflict_change, value_change)
                        && best
                            .is_none_or(|(c, v, _)| improves(conflict_change - c, value_change - v))
                    {
                        best = Some((conflict_change, value_change, b));
                    }
                }
                if let Some((_, _, b)) = best {
                    let mut target = grouping.groups[b].clone();
                    target.push(i);
                    grouping.replace(problem, a, without.clone());
                    grouping.replace(problem, b, target);
                    improved = true;
                    continue;
                }
            }
            // Swap i with a member of another group. With A' = A - i + j, A's conflicts
            // change by j's with A (less the pair i, j) less i's; B's the other way round.
            let mut best: Option<(isize, f64, usize)> = None;
            let i_in_a = problem.conflicts_with(i, &grouping.groups[a]) as isize;
            for &j in order.iter() {
                let b = grouping.group_of[j];
                if b == a {
                    continue;
                }
                let pair = isize::from(!problem.ok(i, j));
                let conflict_change =
                    problem.conflicts_with(j, &grouping.groups[a]) as isize - pair - i_in_a
                        + problem.conflicts_with(i, &grouping.groups[b]) as isize
                        - pair
                        - problem.conflicts_with(j, &grouping.groups[b]) as isize;
                if conflict_change > 0 {
                    continue;
                }
                with.clear();
                with.extend(
                    grouping.groups[a]
                        .iter()
                        .map(|m| if *m == i { j } else { *m }),
                );
                without.clear();
                without.extend(
                    grouping.groups[b]
                        .iter()
                        .map(|m| if *m == j { i } else { *m }),
                );
                let value_change = problem.value(&with) + problem.value(&without)
                    - grouping.values[a]
                    - grouping.values[b];
                if improves(conflict_change, value_change)
                    && best.is_none_or(|(c, v, _)| improves(conflict_change - c, value_change - v))
                {
                    best = Some((conflict_change, value_change, j));
                }
            }
            if let Some((_, _, j)) = best {
                let b = grouping.group_of[j];
                let into_a: Vec<usize> = grouping.groups[a]
                    .iter()
                    .map(|m| if *m == i { j } else { *m })
                    .collect();
                let into_b: Vec<usize> = grouping.groups[b]
                    .iter()
                    .map(|m| if *m == j { i } else { *m })
                    .collect();
                grouping.replace(problem, a, into_a);
                grouping.replace(problem, b, into_b);
                improved = true;
            }
        }
        if !improved {
            return pass;
        }
    }
    MAX_PASSES
}

/// Measures groups a convener drew (or moved members between) on every criterion, so the
/// effect of each move can be seen before anyone confirms.
pub fn assess(input: &RoundInput, rules: &RoundRules, groups: &[Vec<usize>]) -> Assessment {
    let problem = Problem::new(input, rules);
    let (lo, hi) = group_sizes(problem.n, rules.group_size)
        .map_or((MIN_GROUP, MAX_GROUP), |(_, lo, hi)| (lo, hi));
    assess_groups(&problem, groups, lo, hi)
}

fn assess_groups(problem: &Problem, groups: &[Vec<usize>], lo: usize, hi: usize) -> Assessment {
    let n = problem.n;
    let mut seen = vec![0usize; n];
    let mut misplaced = Vec::new();
    let mut assessed = Vec::with_capacity(groups.len());
    let mut total_value = 0.0;
    let mut total_conflicts = 0;
    for members in groups {
        let mut members: Vec<usize> = members.iter().copied().filter(|m| *m < n).collect();
        members.sort_unstable();
        members.dedup();
        for m in &members {
            seen[*m] += 1;
        }
        let parts: Vec<(f64, f64)> = members
            .iter()
            .map(|i| problem.member_parts(*i, &members))
            .collect();
        let size = members.len().max(1) as f64;
        let similarity = parts.iter().map(|p| p.0).sum::<f64>() / size;
        let complement = parts.iter().map(|p| p.1).sum::<f64>() / size;
        let value = problem.value(&members);
        total_value += value;
        let mut most_alike: Option<(usize, usize, f64)> = None;
        let mut furthest: Option<(usize, usize, f64)> = None;
        let mut conflicts = Vec::new();
        for (x, i) in members.iter().enumerate() {
            for j in &members[x + 1..] {
                let sim = problem.input.relations.similarity(*i, *j);
                if most_alike.is_none_or(|(_, _, s)| sim > s) {
                    most_alike = Some((*i, *j, sim));
                }
                if let Some(km) = problem.input.relations.km(*i, *j) {
                    if furthest.is_none_or(|(_, _, k)| km > k) {
                        furthest = Some((*i, *j, km));
                    }
                }
                for conflict in problem.input.relations.conflicts(*i, *j, problem.rules) {
                    conflicts.push((*i, *j, conflict));
                }
            }
        }
        total_conflicts += problem.conflicts(&members);
        let group = &members;
        let cover = members
            .iter()
            .flat_map(|i| {
                problem.focus[*i].iter().map(move |a| {
                    let by = group
                        .iter()
                        .filter(|j| **j != *i)
                        .map(|j| (*j, problem.strength[j * AREAS + a]))
                        .filter(|(_, s)| *s > 0.0)
                        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
                    Cover {
                        member: *i,
                        area: ImprovementArea::ALL[*a],
                        by,
                    }
                })
            })
            .collect();
        assessed.push(GroupAssessment {
            size_ok: (lo..=hi).contains(&members.len()),
            members,
            similarity,
            complement,
            value: value / size,
            most_alike,
            furthest,
            cover,
            conflicts,
        });
    }
    misplaced.extend((0..n).filter(|m| seen[*m] != 1));
    Assessment {
        objective: if n == 0 { 0.0 } else { total_value / n as f64 },
        conflicts: total_conflicts,
        groups: assessed,
        misplaced,
    }
}

#[cfg(test)]
mod tests;
