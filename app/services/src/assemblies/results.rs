//! Counting an assembly: the tallies of its items (online ballots, secret and open, plus the
//! paper tallies staff entered), the outcomes by its bylaws, and the canonical results document
//! with its SHA-256 digest. Publishing the results fixes them and applies them to the proposals
//! on the agenda: accepted, rejected, or (quorum not met, not funded) back to eligible.

use crate::assemblies::{self, bylaws_of, dong_of, items_of, kind_of};
use crate::entities::{
    Stored, agenda_item, agenda_option, assembly, assembly_attendance, open_ballot, paper_tally_entry, participation,
    secret_ballot,
};
use crate::fund::Decided;
use crate::{places, proposals, time_fmt};
use contract::dto::{FundingView, ItemResult, OptionResult, ResultsView};
use contract::error::AppError;
use domain::assembly::{self as rules, AssemblyStatus, BallotKind, Choice, OptionRef, Outcome, PbRule, Tally};
use domain::authz::{self, Action, Actor, Scope};
use domain::budgeting::{self, Funding};
use domain::moderation::NoticeKind;
use domain::proposal::Event;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The canonical results of an assembly: what the digest is computed over. Field order is the
/// serialisation order, so the same results always make the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsDocument {
    pub assembly_id: i64,
    pub dong_code: String,
    pub title: String,
    pub session_starts: String,
    pub eligible: i32,
    pub quorum_required: i32,
    pub majority: String,
    pub abstentions_count: bool,
    pub secret_ballot: bool,
    /// How budget items chose their projects (`greedy` in documents published before the choice).
    #[serde(default = "greedy")]
    pub pb_rule: String,
    /// Residents who took part online in at least one item.
    pub online_participants: u64,
    /// Residents checked in at the door.
    pub checked_in: u64,
    pub items: Vec<ItemDocument>,
}

/// One item of the canonical document. It resembles `dto::ItemResult` (the page's and the API's
/// view, built from it) on purpose and stays apart: published documents are hashed, so this shape
/// is frozen (fields are only ever added with a serde default), while the view may change freely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDocument {
    pub item_id: i64,
    pub position: i32,
    pub title: String,
    pub kind: String,
    pub budget_won: Option<i64>,
    pub proposal_id: Option<i64>,
    pub online_ballots: u64,
    pub paper_ballots: u64,
    pub abstentions: u64,
    pub approve: u64,
    pub reject: u64,
    /// (option id, label, votes, cost in won), in the item's order.
    pub options: Vec<(i64, String, u64, Option<i64>)>,
    /// `passed`, `failed`, `quorum_not_met`, `chosen`, `no_decision` or `funded`.
    pub outcome: String,
    /// The chosen option, or the funded projects in the order they were chosen.
    pub decided: Vec<i64>,
    /// Budget items: every project, funded or not and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funding: Vec<Funding>,
    /// Budget items under equal shares: each voter's share (won).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equal_share_won: Option<i64>,
}

fn greedy() -> String {
    PbRule::Greedy.as_str().to_owned()
}

/// One item's counts so far: online ballots (secret or open) and the paper tally.
async fn tally_item(
    db: &impl ConnectionTrait,
    item: &agenda_item::Model,
    options: &[agenda_option::Model],
) -> Result<(Tally, u64, u64), AppError> {
    let mut online = Tally { options: options.iter().map(|o| (o.id, 0)).collect(), ..Tally::default() };
    let choices: Vec<String> = secret_ballot::Entity::find()
        .filter(secret_ballot::Column::ItemId.eq(item.id))
        .all(db)
        .await?
        .into_iter()
        .map(|b| b.choice)
        .chain(
            open_ballot::Entity::find()
                .filter(open_ballot::Column::ItemId.eq(item.id))
                .all(db)
                .await?
                .into_iter()
                .map(|b| b.choice),
        )
        .collect();
    for c in &choices {
        let choice: Choice = serde_json::from_str(c).map_err(|e| {
            tracing::error!(error = %e, item = item.id, "unreadable ballot");
            AppError::Internal
        })?;
        online.add(&choice);
    }
    let online_ballots = online.ballots;
    let mut total = online;
    let mut paper_ballots = 0;
    if let Some(p) = crate::assemblies::door::last_entry(db, item.id).await? {
        let paper = paper_of(&p)?;
        paper_ballots = paper.ballots;
        total.merge(&paper);
    }
    Ok((total, online_ballots, paper_ballots))
}

/// A stored paper tally as a `Tally`.
pub(crate) fn paper_of(p: &paper_tally_entry::Model) -> Result<Tally, AppError> {
    let options: std::collections::BTreeMap<i64, u64> = serde_json::from_str(&p.options).map_err(|e| {
        tracing::error!(error = %e, item = p.item_id, "unreadable paper tally");
        AppError::Internal
    })?;
    let sets: Vec<(Vec<i64>, u64)> = match &p.ballot_sets {
        Some(text) => serde_json::from_str(text).map_err(|e| {
            tracing::error!(error = %e, item = p.item_id, "unreadable paper ballot groups");
            AppError::Internal
        })?,
        None => Vec::new(),
    };
    let n = |v: i32| u64::try_from(v).unwrap_or(0);
    Ok(Tally {
        ballots: n(p.ballots),
        abstentions: n(p.abstentions),
        approve: n(p.approve),
        reject: n(p.reject),
        options: options.into_iter().collect(),
        sets,
    })
}

/// Counts the assembly as it stands and decides each item by its bylaws.
pub async fn count(db: &impl ConnectionTrait, a: &assembly::Model) -> Result<ResultsDocument, AppError> {
    let bylaws = bylaws_of(a);
    let required = u32::try_from(a.quorum_required.unwrap_or(0)).unwrap_or(0);
    let items = items_of(db, a.id).await?;
    let item_ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let all_options = if item_ids.is_empty() {
        Vec::new()
    } else {
        agenda_option::Entity::find()
            .filter(agenda_option::Column::ItemId.is_in(item_ids.clone()))
            .order_by_asc(agenda_option::Column::Position)
            .all(db)
            .await?
    };
    let mut docs = Vec::with_capacity(items.len());
    for item in &items {
        let options: Vec<agenda_option::Model> = all_options.iter().filter(|o| o.item_id == item.id).cloned().collect();
        let (tally, online_ballots, paper_ballots) = tally_item(db, item, &options).await?;
        // the options are loaded above for all items at once
        let kind = kind_of(item)?;
        let refs: Vec<OptionRef> = options.iter().map(|o| OptionRef { id: o.id, cost_won: o.cost_won }).collect();
        let outcome = rules::decide(kind, &bylaws, required, &refs, &tally);
        let (funding, equal_share_won) = match (kind, &outcome) {
            (BallotKind::Budget { budget_won }, Outcome::Funded(_)) => (
                rules::budget_fundings(bylaws.pb_rule, budget_won, &refs, &tally),
                (bylaws.pb_rule == PbRule::EqualShares)
                    .then(|| budgeting::equal_share(budget_won, &tally.sets))
                    .flatten(),
            ),
            _ => (Vec::new(), None),
        };
        let decided = match &outcome {
            Outcome::Chosen(id) => vec![*id],
            Outcome::Funded(ids) => ids.clone(),
            _ => Vec::new(),
        };
        docs.push(ItemDocument {
            item_id: item.id,
            position: item.position,
            title: item.title.clone(),
            kind: kind.as_str().to_owned(),
            budget_won: match kind {
                BallotKind::Budget { budget_won } => Some(budget_won),
                _ => None,
            },
            proposal_id: item.proposal_id,
            online_ballots,
            paper_ballots,
            abstentions: tally.abstentions,
            approve: tally.approve,
            reject: tally.reject,
            options: options
                .iter()
                .map(|o| {
                    let votes = tally.options.iter().find(|t| t.0 == o.id).map_or(0, |t| t.1);
                    (o.id, o.label.clone(), votes, o.cost_won)
                })
                .collect(),
            outcome: outcome.as_str().to_owned(),
            decided,
            funding,
            equal_share_won,
        });
    }
    let online_participants = if item_ids.is_empty() {
        0
    } else {
        let mut users: Vec<i64> = participation::Entity::find()
            .filter(participation::Column::ItemId.is_in(item_ids))
            .filter(participation::Column::Channel.eq(Stored(domain::assembly::Channel::Online)))
            .all(db)
            .await?
            .into_iter()
            .map(|p| p.user_id)
            .collect();
        users.sort_unstable();
        users.dedup();
        users.len() as u64
    };
    let checked_in =
        assembly_attendance::Entity::find().filter(assembly_attendance::Column::AssemblyId.eq(a.id)).count(db).await?;
    Ok(ResultsDocument {
        assembly_id: a.id,
        dong_code: a.dong_code.clone(),
        title: a.title.clone(),
        session_starts: time_fmt::seoul_datetime(a.session_starts_at),
        eligible: a.eligible_count.unwrap_or(0),
        quorum_required: a.quorum_required.unwrap_or(0),
        majority: a.majority.as_str().to_owned(),
        abstentions_count: a.abstentions_count,
        secret_ballot: a.secret_ballot,
        pb_rule: bylaws.pb_rule.as_str().to_owned(),
        online_participants,
        checked_in,
        items: docs,
    })
}

/// The canonical bytes of a results document and their SHA-256 (hex).
pub fn canonical(doc: &ResultsDocument) -> Result<(String, String), AppError> {
    let text = serde_json::to_string(doc).map_err(|e| {
        tracing::error!(error = %e, "cannot serialise results");
        AppError::Internal
    })?;
    let digest = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>();
    Ok((text, digest))
}

/// Applies published results to the proposals on the agenda, within `txn`: approve/reject items
/// accept or reject their proposal (or, without a quorum, take it back off the agenda); budget
/// projects are accepted when funded and taken off the agenda when not.
pub(crate) async fn apply_to_proposals(
    txn: &impl ConnectionTrait,
    actor: Option<&Actor>,
    doc: &ResultsDocument,
) -> Result<(), AppError> {
    let by = actor.map(|a| a.user_id);
    let note = Some(doc.title.clone());
    for item in &doc.items {
        let decisions: Vec<(i64, Event)> = match (item.kind.as_str(), item.proposal_id) {
            ("approve_reject", Some(pid)) => vec![(
                pid,
                match item.outcome.as_str() {
                    "passed" => Event::Accept,
                    "failed" => Event::Reject,
                    _ => Event::TakeOffAgenda,
                },
            )],
            ("budget", _) => {
                let projects = agenda_option::Entity::find()
                    .filter(agenda_option::Column::ItemId.eq(item.item_id))
                    .all(txn)
                    .await?;
                projects
                    .iter()
                    .filter_map(|o| {
                        let pid = o.proposal_id?;
                        Some((pid, if item.decided.contains(&o.id) { Event::Accept } else { Event::TakeOffAgenda }))
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        for (pid, event) in decisions {
            let p = proposals::find(txn, pid).await?;
            proposals::apply(txn, &p, event, by, note.clone()).await?;
            proposals::tell_followers(txn, &p, NoticeKind::ProposalDecided, doc.assembly_id, by).await?;
        }
    }
    Ok(())
}

/// What the results decided to carry out: every accepted proposal (approve/reject items that
/// passed) and every funded budget project, in the agenda's order.
pub(crate) async fn decided_projects(
    txn: &impl ConnectionTrait,
    doc: &ResultsDocument,
) -> Result<Vec<Decided>, AppError> {
    let mut out = Vec::new();
    for item in &doc.items {
        match (item.kind.as_str(), item.proposal_id) {
            ("approve_reject", Some(pid)) if item.outcome == "passed" => {
                let p = proposals::find(txn, pid).await?;
                out.push(Decided { proposal_id: pid, title: p.title, cost_won: p.cost_won, from_budget: false });
            }
            ("budget", _) => {
                let options = agenda_option::Entity::find()
                    .filter(agenda_option::Column::ItemId.eq(item.item_id))
                    .all(txn)
                    .await?;
                for id in &item.decided {
                    if let Some(o) = options.iter().find(|o| o.id == *id)
                        && let Some(pid) = o.proposal_id
                    {
                        out.push(Decided {
                            proposal_id: pid,
                            title: o.label.clone(),
                            cost_won: o.cost_won,
                            from_budget: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The results page: published results, or the running count where the bylaws show it (and to
/// those who run the assembly, once voting has closed).
pub async fn view(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<ResultsView, AppError> {
    let a = assemblies::find(db, id).await?;
    let status = *a.status;
    let dong = dong_of(&a)?;
    let manager = authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone())).is_ok();
    let published = status == AssemblyStatus::ResultsPublished;
    let visible = published
        || (status.accepts_online_ballots() && bylaws_of(&a).shows_running_counts())
        || (status == AssemblyStatus::Closed && bylaws_of(&a).shows_running_counts())
        || (manager && status.is_closed());
    if !assemblies::is_public(&a) || !visible {
        return Err(AppError::NotFound);
    }
    let (doc, digest) = match (published, &a.results_document, &a.results_digest) {
        (true, Some(text), Some(digest)) => {
            let doc: ResultsDocument = serde_json::from_str(text).map_err(|e| {
                tracing::error!(error = %e, assembly = id, "unreadable results document");
                AppError::Internal
            })?;
            (doc, Some(digest.clone()))
        }
        _ => (count(db, &a).await?, None),
    };
    let paper = crate::assemblies::door::paper_trails(db, id).await?;
    Ok(ResultsView {
        paper,
        summary: assemblies::summary(db, &a).await?,
        district: places::districts(db).await?.remove(dong.district().as_str()).ok_or(AppError::NotFound)?,
        published,
        digest,
        eligible: doc.eligible,
        quorum_required: doc.quorum_required,
        online_participants: doc.online_participants,
        checked_in: doc.checked_in,
        items: doc
            .items
            .into_iter()
            .map(|i| ItemResult {
                pb_rule: (i.kind == "budget").then(|| PbRule::parse(&doc.pb_rule).unwrap_or_default()),
                equal_share_won: i.equal_share_won,
                item_id: i.item_id,
                position: i.position,
                title: i.title,
                kind: i.kind,
                budget_won: i.budget_won,
                proposal_id: i.proposal_id,
                online_ballots: i.online_ballots,
                paper_ballots: i.paper_ballots,
                abstentions: i.abstentions,
                approve: i.approve,
                reject: i.reject,
                options: i
                    .options
                    .into_iter()
                    .map(|(id, label, votes, cost_won)| OptionResult {
                        funding: i.funding.iter().find(|f| f.option_id == id).map(FundingView::from),
                        chosen: i.decided.contains(&id),
                        id,
                        label,
                        votes,
                        cost_won,
                    })
                    .collect(),
                outcome: i.outcome,
            })
            .collect(),
    })
}

/// The published results document (JSON, the exact bytes the digest covers).
pub async fn document(db: &DatabaseConnection, id: i64) -> Result<(String, String), AppError> {
    let a = assemblies::find(db, id).await?;
    match (*a.status, a.results_document, a.results_digest) {
        (AssemblyStatus::ResultsPublished, Some(text), Some(digest)) => Ok((text, digest)),
        _ => Err(AppError::NotFound),
    }
}

/// The published results as CSV: one row per item and option.
pub async fn csv(db: &DatabaseConnection, id: i64) -> Result<String, AppError> {
    let (text, digest) = document(db, id).await?;
    let doc: ResultsDocument = serde_json::from_str(&text).map_err(|_| AppError::Internal)?;
    let field = domain::text::csv_field;
    let mut out =
        String::from("item,title,kind,outcome,option,votes,cost_won,chosen,online_ballots,paper_ballots,abstentions\n");
    for i in &doc.items {
        let row = |option: &str, votes: u64, cost: Option<i64>, chosen: bool| {
            format!(
                "{},{},{},{},{},{},{},{},{},{},{}\n",
                i.position + 1,
                field(&i.title),
                i.kind,
                i.outcome,
                field(option),
                votes,
                cost.map(|c| c.to_string()).unwrap_or_default(),
                chosen,
                i.online_ballots,
                i.paper_ballots,
                i.abstentions
            )
        };
        if i.kind == "approve_reject" {
            out.push_str(&row("approve", i.approve, None, i.outcome == "passed"));
            out.push_str(&row("reject", i.reject, None, i.outcome == "failed"));
        } else {
            for (id, label, votes, cost) in &i.options {
                out.push_str(&row(label, *votes, *cost, i.decided.contains(id)));
            }
        }
    }
    out.push_str(&format!("# sha256 of the results document: {digest}\n"));
    Ok(out)
}
