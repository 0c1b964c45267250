//! Participatory budgeting: which projects a budget item funds, by the rule the dong's bylaws
//! choose, and why each project was or was not funded. Pure rules, unit-tested against worked
//! examples (and, for the Method of Equal Shares, cross-checked with the reference implementation
//! `pabutools`; see the tests).
//!
//! - **Greedy by votes** (`PbRule::Greedy`, what most cities use and all Decidim and CONSUL offer):
//!   projects in order of votes (ties: the cheaper first, then the earlier option), each funded if
//!   it still fits in what is left of the budget, skipped if not. Projects without votes are not
//!   funded.
//! - **Method of Equal Shares** (`PbRule::EqualShares`, Wieliczka 2023, Aarau 2023): the budget is
//!   divided equally among the voters who chose at least one project. A project can be funded only
//!   from the shares of its own supporters, who split its cost as evenly as their remaining shares
//!   allow; in each round the project whose supporters pay the least per won of its cost is funded
//!   (utility = cost, as equalshares.net computes it). Ties as equalshares.net recommends: the
//!   cheaper, then the one with more votes, then — where it would draw lots — the earlier option
//!   (the agenda's order, public before the vote).
//!   Rounds end when no remaining project can be paid by its supporters. Unspent money is then
//!   used as Wieliczka and Aarau did ("add one"): the equal share is raised in steps of 1% of it and
//!   the rule rerun, keeping the last outcome that still fits in the real budget (at most 1,000
//!   steps). Whatever is still left funds further projects greedily by votes (the step is named
//!   on the results page).

use serde::{Deserialize, Serialize};

/// The dong's rule for participatory budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PbRule {
    #[default]
    Greedy,
    EqualShares,
}

impl PbRule {
    pub const ALL: [PbRule; 2] = [PbRule::Greedy, PbRule::EqualShares];

    pub fn as_str(self) -> &'static str {
        match self {
            PbRule::Greedy => "greedy",
            PbRule::EqualShares => "equal_shares",
        }
    }

    pub fn parse(s: &str) -> Result<Self, super::ValidationError> {
        match s.trim() {
            "greedy" => Ok(PbRule::Greedy),
            "equal_shares" => Ok(PbRule::EqualShares),
            _ => Err(super::ValidationError::new(super::Field::PbRule, super::InputRule::NotChosen)),
        }
    }
}

/// A project as the rule sees it: the option's id, its cost in won, and its votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Project {
    pub id: i64,
    pub cost_won: i64,
    pub votes: u64,
}

/// Ballots that chose the same set of projects, and how many of them there were.
pub type BallotGroup = (Vec<i64>, u64);

/// Why a project was or was not funded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// Greedy: funded in its turn; `left_won` was left of the budget after it.
    FitInTurn { left_won: i64 },
    /// Greedy: when its turn came only `left_won` was left.
    DidNotFit { left_won: i64 },
    /// Nobody chose it.
    NoVotes,
    /// Equal shares: its supporters paid for it, none more than `max_share_won` (rounded up).
    SharedBySupporters { max_share_won: i64 },
    /// Equal shares, completion: funded by votes from the money the shares left; `left_won` was
    /// left after it.
    FundedFromRemainder { left_won: i64 },
    /// Equal shares: its supporters' shares could not pay for it (`shares_left_won` was all they
    /// had left of their equal shares, after paying for the projects funded before it), and the
    /// money the rule left unspent (`left_won`) did not cover it either.
    SupportersShort { shares_left_won: i64, left_won: i64 },
}

/// One project's fate: funded in `step` (1-based, the order of funding) or not (`None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funding {
    pub option_id: i64,
    pub step: Option<u32>,
    #[serde(flatten)]
    pub reason: Reason,
}

/// The decision on every project, in the projects' order, by `rule`. `groups` (the ballots by
/// chosen set) are used by equal shares; greedy reads the projects' votes.
pub fn select(rule: PbRule, budget_won: i64, projects: &[Project], groups: &[BallotGroup]) -> Vec<Funding> {
    match rule {
        PbRule::Greedy => greedy(budget_won, projects),
        PbRule::EqualShares => equal_shares(budget_won, projects, groups),
    }
}

/// Each voter's equal share under equal shares (won, rounded down): the budget divided by the
/// ballots that chose at least one project. `None` without such ballots.
pub fn equal_share(budget_won: i64, ballots: &[BallotGroup]) -> Option<i64> {
    let voters: u64 = ballots.iter().filter(|(s, _)| !s.is_empty()).map(|(_, n)| n).sum();
    (voters > 0).then(|| budget_won.max(0) / i64::try_from(voters).unwrap_or(i64::MAX))
}

/// The funded projects' ids in the order they were funded.
pub fn funded_in_order(fundings: &[Funding]) -> Vec<i64> {
    let mut funded: Vec<(u32, i64)> = fundings.iter().filter_map(|f| Some((f.step?, f.option_id))).collect();
    funded.sort_unstable();
    funded.into_iter().map(|(_, id)| id).collect()
}

/// Index order by votes (more first), then cost (cheaper first), then position.
fn by_votes(projects: &[Project], candidates: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut order: Vec<usize> = candidates.collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&projects[a], &projects[b]);
        pb.votes.cmp(&pa.votes).then(pa.cost_won.cmp(&pb.cost_won)).then(a.cmp(&b))
    });
    order
}

/// Greedy by votes.
pub fn greedy(budget_won: i64, projects: &[Project]) -> Vec<Funding> {
    let mut out: Vec<Funding> =
        projects.iter().map(|p| Funding { option_id: p.id, step: None, reason: Reason::NoVotes }).collect();
    let mut left = budget_won;
    let mut step = 0;
    for i in by_votes(projects, (0..projects.len()).filter(|&i| projects[i].votes > 0)) {
        let cost = projects[i].cost_won.max(0);
        if cost <= left {
            left -= cost;
            step += 1;
            out[i] =
                Funding { option_id: projects[i].id, step: Some(step), reason: Reason::FitInTurn { left_won: left } };
        } else {
            out[i].reason = Reason::DidNotFit { left_won: left };
        }
    }
    out
}

/// Relative tolerance of the floating-point share arithmetic (a share is won / voters).
const EPS: f64 = 1e-9;

/// One run of equal shares with a per-voter share of `share`: the funded projects (index, the
/// largest payment of a supporter) in order, and each group's share left per voter.
fn mes_rounds(share: f64, projects: &[Project], groups: &[(Vec<usize>, f64)]) -> (Vec<(usize, f64)>, Vec<f64>) {
    let mut left: Vec<f64> = vec![share; groups.len()];
    let mut funded: Vec<(usize, f64)> = Vec::new();
    let mut open: Vec<usize> = (0..projects.len()).filter(|&i| projects[i].votes > 0).collect();
    loop {
        // the project whose supporters pay the least per won of its cost
        let mut best: Option<(usize, f64, f64)> = None; // (project, payment cap, payment per won)
        for &p in &open {
            let cost = projects[p].cost_won.max(0) as f64;
            let mut supporters: Vec<(f64, f64)> = groups
                .iter()
                .enumerate()
                .filter(|(_, (set, _))| set.contains(&p))
                .map(|(g, (_, n))| (left[g], *n))
                .collect();
            let available: f64 = supporters.iter().map(|(b, n)| b * n).sum();
            if available + EPS * cost.max(1.0) < cost {
                continue;
            }
            // the least cap α with Σ min(share left, α) = cost: poorer supporters pay all they have
            supporters.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut paid = 0.0;
            let mut remaining: f64 = supporters.iter().map(|(_, n)| n).sum();
            let mut alpha = 0.0;
            for (b, n) in &supporters {
                if b * remaining + EPS * cost.max(1.0) >= cost - paid {
                    alpha = ((cost - paid) / remaining).max(0.0);
                    break;
                }
                paid += b * n;
                remaining -= n;
            }
            let per_won = if cost > 0.0 { alpha / cost } else { 0.0 };
            let key = |i: usize| (projects[i].cost_won, std::cmp::Reverse(projects[i].votes), i);
            let better = match best {
                None => true,
                Some((_, _, r)) if (per_won - r).abs() > EPS * r.max(per_won) => per_won < r,
                Some((q, _, _)) => key(p) < key(q),
            };
            if better {
                best = Some((p, alpha, per_won));
            }
        }
        let Some((p, alpha, _)) = best else { break };
        for (g, (set, _)) in groups.iter().enumerate() {
            if set.contains(&p) {
                left[g] = (left[g] - left[g].min(alpha)).max(0.0);
            }
        }
        funded.push((p, alpha));
        open.retain(|&q| q != p);
    }
    (funded, left)
}

/// The Method of Equal Shares with "add one" completion, then greedy for what is still left.
pub fn equal_shares(budget_won: i64, projects: &[Project], ballots: &[BallotGroup]) -> Vec<Funding> {
    let mut out: Vec<Funding> =
        projects.iter().map(|p| Funding { option_id: p.id, step: None, reason: Reason::NoVotes }).collect();
    // ballots as groups of project indices; abstentions (empty sets) take no share
    let groups: Vec<(Vec<usize>, f64)> = ballots
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(set, n)| (set.iter().filter_map(|id| projects.iter().position(|p| p.id == *id)).collect(), *n as f64))
        .filter(|(set, _): &(Vec<usize>, f64)| !set.is_empty())
        .collect();
    let voters: f64 = groups.iter().map(|(_, n)| n).sum();
    if voters == 0.0 || budget_won <= 0 {
        return greedy(budget_won, projects);
    }
    let share = budget_won as f64 / voters;
    let cost_of = |funded: &[(usize, f64)]| funded.iter().map(|(p, _)| projects[*p].cost_won.max(0)).sum::<i64>();
    let (mut funded, base_left) = mes_rounds(share, projects, &groups);
    // add one: a larger share, as long as what it funds still fits in the budget
    for k in 1..=1000 {
        if funded.len() == groups.iter().flat_map(|(s, _)| s).collect::<std::collections::BTreeSet<_>>().len() {
            break; // everything anyone chose is funded
        }
        let (more, _) = mes_rounds(share * (1.0 + f64::from(k) / 100.0), projects, &groups);
        if cost_of(&more) > budget_won {
            break;
        }
        funded = more;
    }
    let mut step = 0;
    for (p, alpha) in &funded {
        step += 1;
        out[*p] = Funding {
            option_id: projects[*p].id,
            step: Some(step),
            reason: Reason::SharedBySupporters { max_share_won: alpha.ceil() as i64 },
        };
    }
    // what the shares left funds further projects by votes
    let mut money_left = budget_won - cost_of(&funded);
    let unfunded = (0..projects.len()).filter(|&i| projects[i].votes > 0 && out[i].step.is_none());
    for i in by_votes(projects, unfunded) {
        let cost = projects[i].cost_won.max(0);
        if cost <= money_left {
            money_left -= cost;
            step += 1;
            out[i] = Funding {
                option_id: projects[i].id,
                step: Some(step),
                reason: Reason::FundedFromRemainder { left_won: money_left },
            };
        } else {
            // what its supporters had left of their equal shares after the first run of rounds
            let shares: f64 = groups
                .iter()
                .enumerate()
                .filter(|(_, (s, _))| s.contains(&i))
                .map(|(g, (_, n))| base_left[g] * n)
                .sum();
            out[i].reason = Reason::SupportersShort { shares_left_won: shares.floor() as i64, left_won: money_left };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn projects(list: &[(i64, i64, u64)]) -> Vec<Project> {
        list.iter().map(|&(id, cost_won, votes)| Project { id, cost_won, votes }).collect()
    }

    /// Votes per project from ballot groups.
    fn with_votes(list: &[(i64, i64)], groups: &[BallotGroup]) -> Vec<Project> {
        list.iter()
            .map(|&(id, cost_won)| Project {
                id,
                cost_won,
                votes: groups.iter().filter(|(s, _)| s.contains(&id)).map(|(_, n)| n).sum(),
            })
            .collect()
    }

    #[test]
    fn rules_parse_and_store() {
        assert_eq!(PbRule::parse("equal_shares"), Ok(PbRule::EqualShares));
        assert_eq!(PbRule::parse(" greedy "), Ok(PbRule::Greedy));
        assert_eq!(PbRule::parse("random").unwrap_err().field.name(), "pb_rule");
        assert_eq!(
            <PbRule as crate::term::Term>::from_stored(""),
            None,
            "a column holds a known rule or the read fails"
        );
        for r in [PbRule::Greedy, PbRule::EqualShares] {
            assert_eq!(PbRule::parse(r.as_str()), Ok(r));
        }
    }

    #[test]
    fn greedy_funds_by_votes_and_skips_what_no_longer_fits() {
        // budget 1,000: A (600, 9 votes) fits, 400 left; B (500, 7) does not; C (300, 5) does,
        // 100 left; D (200, no votes) is never funded
        let p = projects(&[(10, 600, 9), (11, 500, 7), (12, 300, 5), (13, 200, 0)]);
        let f = greedy(1000, &p);
        assert_eq!(funded_in_order(&f), [10, 12]);
        assert_eq!(f[0].reason, Reason::FitInTurn { left_won: 400 });
        assert_eq!(f[1], Funding { option_id: 11, step: None, reason: Reason::DidNotFit { left_won: 400 } });
        assert_eq!(f[2], Funding { option_id: 12, step: Some(2), reason: Reason::FitInTurn { left_won: 100 } });
        assert_eq!(f[3].reason, Reason::NoVotes);
        // ties: the cheaper first, then the earlier
        let tied = projects(&[(10, 600, 4), (11, 500, 4), (12, 300, 4)]);
        assert_eq!(funded_in_order(&greedy(900, &tied)), [12, 11]);
        let same = projects(&[(20, 100, 1), (21, 100, 1)]);
        assert_eq!(funded_in_order(&greedy(100, &same)), [20]);
        assert_eq!(funded_in_order(&greedy(600, &p)), [10], "exactly the budget");
        assert!(funded_in_order(&greedy(0, &p)).is_empty());
    }

    // The reference implementation (pabutools) breaks ties by project name, not as equalshares.net
    // recommends: the cross-checked examples below have no ties, except where noted.

    /// The example every account of the method starts with (Peters & Skowron; Wikipedia,
    /// "Method of equal shares", Motivation): 51% of the voters support ten red projects, 49% ten
    /// blue ones, each costing 1, and the budget pays for ten. Greedy funds the ten red projects
    /// and ignores 49% of the voters; equal shares funds five of each.
    #[test]
    fn equal_shares_is_proportional_where_greedy_is_not() {
        let red: Vec<i64> = (1..=10).collect();
        let blue: Vec<i64> = (11..=20).collect();
        let groups: Vec<BallotGroup> = vec![(red.clone(), 51), (blue.clone(), 49)];
        let list: Vec<(i64, i64)> = (1..=20).map(|id| (id, 1)).collect();
        let p = with_votes(&list, &groups);
        let g = funded_in_order(&greedy(10, &p));
        assert_eq!(g, red, "greedy: all ten red");
        let f = equal_shares(10, &p, &groups);
        let funded = funded_in_order(&f);
        assert_eq!(funded.len(), 10);
        assert_eq!(funded.iter().filter(|id| **id <= 10).count(), 5, "{funded:?}");
        assert_eq!(funded.iter().filter(|id| **id > 10).count(), 5, "{funded:?}");
        // pabutools agrees (5 red and 4 blue from the shares; 5 and 5 with the share raised).
        // The first five red ones are paid at 1/51 each (rounded up to the won) before any blue
        // one (1/49 each)
        assert_eq!(&funded[..5], &[1, 2, 3, 4, 5]);
        assert!(matches!(f[0].reason, Reason::SharedBySupporters { max_share_won: 1 }));
    }

    /// A small election whose outcome the reference implementation gives (pabutools 1.1,
    /// `method_of_equal_shares(instance, profile, sat_class=Cost_Sat)`: A, C; and with
    /// `voter_budget_increment` = 1% of the share: A, B, C). Budget 100,000 won, four projects, 10 voters:
    ///   4 × {A, B}, 3 × {C}, 2 × {A, D}, 1 × {D}
    /// costs A 30,000, B 40,000, C 30,000, D 50,000. Equal share: 10,000.
    /// - A: 6 supporters pay 5,000 each (1/6 per won); C: 3 supporters pay 10,000 each (1/3);
    ///   B: 4 pay 10,000 each (1/4); D: 3 supporters have 30,000 in all, less than 50,000.
    /// - Round 1 funds A (the least per won). The {A,B} voters have 5,000 left: B (40,000) now
    ///   needs more than their 20,000. Round 2 funds C. Nothing else is payable.
    /// - Add one: at a share of 15,000 (+50%), round 1 A (5,000 each), then B needs 40,000 from 4
    ///   voters with 10,000 each: 10,000 each, 1/4 per won; C needs 10,000 each, 1/3: B first,
    ///   then C; D's supporters have 2×10,000 + 15,000 < 50,000. A + B + C = 100,000 fits.
    ///
    /// Greedy by votes on the same ballots: A (6), B (4) and then C (3) also fit: 100,000.
    /// D (3 votes, 50,000) is short under both.
    #[test]
    fn equal_shares_matches_the_reference_implementation() {
        let groups: Vec<BallotGroup> = vec![(vec![1, 2], 4), (vec![3], 3), (vec![1, 4], 2), (vec![4], 1)];
        let p = with_votes(&[(1, 30_000), (2, 40_000), (3, 30_000), (4, 50_000)], &groups);
        let f = equal_shares(100_000, &p, &groups);
        assert_eq!(funded_in_order(&f), [1, 2, 3]);
        assert_eq!(f[0].reason, Reason::SharedBySupporters { max_share_won: 5_000 });
        assert!(matches!(f[3].reason, Reason::SupportersShort { left_won: 0, .. }), "{:?}", f[3]);
    }

    /// Where the two rules differ on an assembly's scale (with a tie, broken for the cheaper as
    /// equalshares.net recommends; pabutools, by name, would fund A first and then C and D): 60 residents want the playground (A,
    /// 6,000,000 of 10,000,000) and the benches (B, 3,000,000); 40 want the library's books (C,
    /// 3,000,000) and the reading room (D, 1,000,000). Greedy: B and A (60 votes each, the cheaper
    /// first) — 9,000,000; C (40) no longer fits, D does. Equal shares (share 100,000): A and B
    /// cost their supporters the same per won, the cheaper B goes first (50,000 each); then D and
    /// C (25,000 and 75,000 from each of the 40). The 60 have 50,000 each left, 3,000,000 in
    /// all: A is short. Raising the share never funds A within the budget, and the 3,000,000 left
    /// does not cover it: 40% of the voters decide 4,000,000 of the 7,000,000 spent.
    #[test]
    fn equal_shares_gives_the_minority_its_share() {
        let groups: Vec<BallotGroup> = vec![(vec![1, 2], 60), (vec![3, 4], 40)];
        let p = with_votes(&[(1, 6_000_000), (2, 3_000_000), (3, 3_000_000), (4, 1_000_000)], &groups);
        assert_eq!(funded_in_order(&greedy(10_000_000, &p)), [2, 1, 4]);
        let f = equal_shares(10_000_000, &p, &groups);
        assert_eq!(funded_in_order(&f), [2, 4, 3]);
        assert_eq!(
            f[0].reason,
            Reason::SupportersShort { shares_left_won: 3_000_000, left_won: 3_000_000 },
            "A: the 60 hold 3,000,000 and so does the budget"
        );
        assert_eq!(f[2].reason, Reason::SharedBySupporters { max_share_won: 75_000 });
    }

    #[test]
    fn equal_shares_without_voters_or_money_funds_nothing_it_cannot() {
        let p = projects(&[(1, 100, 0), (2, 200, 0)]);
        assert!(funded_in_order(&equal_shares(1000, &p, &[])).is_empty());
        assert!(equal_shares(1000, &p, &[(vec![], 5)]).iter().all(|f| f.reason == Reason::NoVotes));
        let groups: Vec<BallotGroup> = vec![(vec![1], 3)];
        let p = with_votes(&[(1, 100), (2, 200)], &groups);
        assert!(funded_in_order(&equal_shares(0, &p, &groups)).is_empty());
        assert_eq!(funded_in_order(&equal_shares(100, &p, &groups)), [1], "exactly the budget");
        // a set naming an unknown project is ignored, not a panic
        assert_eq!(funded_in_order(&equal_shares(100, &p, &[(vec![1, 99], 2)])), [1]);
    }

    /// Whatever the ballots, equal shares never spends more than the budget and funds only
    /// projects someone chose (a deterministic sweep over many small elections).
    #[test]
    fn equal_shares_never_overspends() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for _ in 0..300 {
            let n_projects = 2 + next(6) as i64;
            let costs: Vec<(i64, i64)> = (1..=n_projects).map(|id| (id, 1_000 * (1 + next(9) as i64))).collect();
            let groups: Vec<BallotGroup> =
                (0..1 + next(6)).map(|_| ((1..=n_projects).filter(|_| next(2) == 0).collect(), 1 + next(20))).collect();
            let p = with_votes(&costs, &groups);
            let budget = 1_000 * (1 + next(30) as i64);
            for f in [equal_shares(budget, &p, &groups), greedy(budget, &p)] {
                let spent: i64 =
                    funded_in_order(&f).iter().map(|id| p.iter().find(|q| q.id == *id).map_or(0, |q| q.cost_won)).sum();
                assert!(spent <= budget, "{spent} > {budget}: {groups:?} {costs:?}");
                assert!(f.iter().all(|x| x.step.is_none() || p.iter().any(|q| q.id == x.option_id && q.votes > 0)));
            }
        }
    }
}
