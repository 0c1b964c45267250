//! `uri-dongne demo remove`: takes every demo row out of a database, and nothing else.
//!
//! A row is demo when a demo person (`users.is_demo`) made it or it is about one, when it belongs
//! to a demo row (an agenda item of a demo assembly, a line of a demo entry, a booking of a demo
//! room), or when the demo loader marked it (`spaces.is_demo`, `fund_projects.is_demo`, the two
//! kinds that name no person). [`SCOPE`] says so table by table, in the order rows are deleted
//! (what refers to a row goes before it).
//!
//! Real records are never touched. The removal is refused, and nothing deleted, when:
//! - a row it would delete carries a real person (a real resident's comment on a demo proposal, a
//!   real booking of a demo room, a residency a demo clerk verified): those belong to someone;
//! - a fund holds real entries beside demo ones: its real balances would change;
//! - the database refuses (a real row refers to a demo row in a way the scope does not cover:
//!   foreign keys are enforced on both databases), or a deletion reaches further than counted
//!   (every table's count is checked after, in the same transaction).
//!
//! The append-only tables' triggers let a demo row go and still refuse a real one
//! (migration `m20261203_000015_demo_removal`). Everyone is signed out (sessions name their person
//! only inside their sealed data), and demo files in media storage are left for its maintenance.

use contract::error::AppError;
use contract::error_code::ErrorCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

/// Demo people.
const D: &str = "SELECT id FROM users WHERE is_demo";

/// One table's demo rows: when a row is demo (SQL over the table's own columns, `{D}` and the
/// other `{…}` names expanded by [`expand`]), and the columns that name a person: a selected row
/// whose person is real stops the removal.
struct Part {
    table: &'static str,
    demo: &'static str,
    people: &'static [&'static str],
}

/// The named sets the predicates use, innermost first.
const SETS: [(&str, &str); 11] = [
    ("{D}", D),
    ("{DP}", "SELECT id FROM proposals WHERE author_id IN ({D})"),
    ("{DG}", "SELECT id FROM resident_groups WHERE created_by IN ({D})"),
    ("{DA}", "SELECT id FROM assemblies WHERE created_by IN ({D})"),
    ("{DI}", "SELECT id FROM agenda_items WHERE assembly_id IN ({DA})"),
    ("{DS}", "SELECT id FROM spaces WHERE is_demo"),
    ("{DFP}", "SELECT id FROM fund_projects WHERE is_demo OR proposal_id IN ({DP}) OR assembly_id IN ({DA})"),
    ("{DE}", "SELECT id FROM journal_entries WHERE recorded_by IN ({D}) OR project_id IN ({DFP})"),
    ("{DU}", "SELECT id FROM project_updates WHERE author_id IN ({D}) OR project_id IN ({DFP})"),
    ("{DT}", "SELECT id FROM paper_tally_entries WHERE entered_by IN ({D}) OR item_id IN ({DI})"),
    ("{DW}", "SELECT id FROM welfare_cases WHERE is_demo"),
];

/// Every table that can hold a demo row, in deletion order.
const SCOPE: &[Part] = &[
    Part { table: "sign_in_codes", demo: "user_id IN ({D})", people: &[] },
    // the demo's call list: its residents' entries and requests (a real resident's request heard
    // by a demo member of staff stops the removal)
    Part { table: "call_list", demo: "user_id IN ({D})", people: &[] },
    Part { table: "call_requests", demo: "user_id IN ({D}) OR recorded_by IN ({D})", people: &["user_id"] },
    // the demo's welfare cases hold no real person's case: a real official's entry in one stops
    // the removal
    Part { table: "welfare_activities", demo: "case_id IN ({DW})", people: &["official_id", "recorded_by"] },
    Part { table: "welfare_cases", demo: "id IN ({DW})", people: &["assignee_id"] },
    Part { table: "welfare_sections", demo: "is_demo", people: &["official_id"] },
    Part { table: "access_tokens", demo: "user_id IN ({D})", people: &[] },
    Part { table: "calendar_feeds", demo: "user_id IN ({D})", people: &[] },
    Part { table: "oauth_identities", demo: "user_id IN ({D})", people: &[] },
    Part { table: "posting_restrictions", demo: "user_id IN ({D})", people: &[] },
    Part {
        table: "notifications",
        demo: "user_id IN ({D}) OR proposal_id IN ({DP}) OR group_id IN ({DG}) OR assembly_id IN ({DA})",
        people: &["user_id"],
    },
    Part {
        table: "reports",
        demo: "reporter_id IN ({D}) OR (target_kind = 'proposal' AND target_id IN ({DP})) \
               OR (target_kind = 'group' AND target_id IN ({DG})) \
               OR (target_kind = 'comment' AND target_id IN (SELECT id FROM comments WHERE author_id IN ({D}) OR proposal_id IN ({DP})))",
        people: &["reporter_id"],
    },
    Part {
        table: "fund_attachments",
        demo: "entry_id IN ({DE}) OR claim_id IN (SELECT id FROM expense_claims WHERE submitted_by IN ({D}) OR group_id IN ({DG}) OR project_id IN ({DFP}))",
        people: &["uploaded_by"],
    },
    Part {
        table: "bookings",
        demo: "booker_id IN ({D}) OR created_by IN ({D}) OR group_id IN ({DG}) OR assembly_id IN ({DA}) OR space_id IN ({DS})",
        people: &["booker_id", "created_by"],
    },
    Part {
        table: "booking_series_skips",
        demo: "series_id IN (SELECT id FROM booking_series WHERE booker_id IN ({D}) OR group_id IN ({DG}) OR space_id IN ({DS}))",
        people: &[],
    },
    Part {
        table: "booking_series",
        demo: "booker_id IN ({D}) OR group_id IN ({DG}) OR space_id IN ({DS})",
        people: &["booker_id"],
    },
    Part { table: "space_blackouts", demo: "created_by IN ({D}) OR space_id IN ({DS})", people: &["created_by"] },
    Part { table: "space_hours", demo: "space_id IN ({DS})", people: &[] },
    Part {
        table: "expense_claims",
        demo: "submitted_by IN ({D}) OR group_id IN ({DG}) OR project_id IN ({DFP})",
        people: &["submitted_by"],
    },
    Part { table: "project_photos", demo: "project_update_id IN ({DU})", people: &["uploaded_by"] },
    Part { table: "project_updates", demo: "id IN ({DU})", people: &["author_id"] },
    // funds holding demo entries hold nothing else (checked first), so all their totals go
    Part {
        table: "fund_month_totals",
        demo: "dong_code IN (SELECT dong_code FROM journal_entries WHERE id IN ({DE}))",
        people: &[],
    },
    Part {
        table: "search_documents",
        demo: "(kind = 'proposal' AND entity_id IN ({DP})) OR (kind = 'group' AND entity_id IN ({DG})) \
               OR (kind = 'assembly' AND entity_id IN ({DA})) OR (kind = 'fund_entry' AND entity_id IN ({DE}))",
        people: &[],
    },
    Part { table: "journal_lines", demo: "entry_id IN ({DE})", people: &[] },
    Part { table: "journal_entries", demo: "id IN ({DE})", people: &["recorded_by"] },
    Part { table: "fund_projects", demo: "id IN ({DFP})", people: &[] },
    Part { table: "paper_tally_confirmations", demo: "entry_id IN ({DT})", people: &["entered_by", "confirmed_by"] },
    Part { table: "paper_tally_entries", demo: "id IN ({DT})", people: &["entered_by"] },
    Part { table: "minutes_versions", demo: "saved_by IN ({D}) OR assembly_id IN ({DA})", people: &["saved_by"] },
    Part {
        table: "attendance_events",
        demo: "user_id IN ({D}) OR by_user_id IN ({D}) OR assembly_id IN ({DA})",
        people: &["user_id", "by_user_id"],
    },
    Part {
        table: "assembly_attendance",
        demo: "user_id IN ({D}) OR assembly_id IN ({DA})",
        people: &["user_id", "checked_in_by"],
    },
    Part { table: "assembly_channels", demo: "user_id IN ({D}) OR assembly_id IN ({DA})", people: &["user_id"] },
    Part { table: "participations", demo: "user_id IN ({D}) OR item_id IN ({DI})", people: &["user_id"] },
    Part { table: "open_ballots", demo: "user_id IN ({D}) OR item_id IN ({DI})", people: &["user_id"] },
    Part { table: "secret_ballots", demo: "item_id IN ({DI})", people: &[] },
    Part { table: "sealed_ballots", demo: "item_id IN ({DI})", people: &[] },
    Part { table: "agenda_options", demo: "item_id IN ({DI})", people: &[] },
    Part { table: "agenda_items", demo: "id IN ({DI})", people: &[] },
    Part { table: "ballot_keys", demo: "assembly_id IN ({DA})", people: &[] },
    Part { table: "assemblies", demo: "id IN ({DA})", people: &["created_by", "facilitator_id", "secretary_id"] },
    Part { table: "proposal_supports", demo: "user_id IN ({D}) OR proposal_id IN ({DP})", people: &["user_id"] },
    Part { table: "comments", demo: "author_id IN ({D}) OR proposal_id IN ({DP})", people: &["author_id"] },
    Part { table: "proposal_images", demo: "uploaded_by IN ({D}) OR proposal_id IN ({DP})", people: &["uploaded_by"] },
    Part { table: "proposal_events", demo: "actor_id IN ({D}) OR proposal_id IN ({DP})", people: &["actor_id"] },
    Part { table: "proposals", demo: "id IN ({DP})", people: &["author_id"] },
    Part { table: "group_members", demo: "user_id IN ({D}) OR group_id IN ({DG})", people: &["user_id"] },
    Part { table: "resident_groups", demo: "id IN ({DG})", people: &["created_by"] },
    Part { table: "spaces", demo: "id IN ({DS})", people: &[] },
    // settings a demo person changed go back to their defaults
    Part { table: "booking_settings", demo: "updated_by IN ({D})", people: &[] },
    Part { table: "dong_settings", demo: "updated_by IN ({D})", people: &[] },
    Part { table: "dong_bylaws", demo: "updated_by IN ({D})", people: &[] },
    Part { table: "district_settings", demo: "updated_by IN ({D})", people: &[] },
    // the trail of what demo people did, and of what was done to them
    Part { table: "audit_events", demo: "actor_id IN ({D}) OR subject_user_id IN ({D})", people: &[] },
    Part {
        table: "residencies",
        demo: "user_id IN ({D}) OR verified_by IN ({D}) OR ended_by IN ({D})",
        people: &["user_id"],
    },
    Part {
        table: "recovery_requests",
        demo: "user_id IN ({D}) OR requested_by IN ({D}) OR decided_by IN ({D})",
        people: &["user_id", "requested_by", "decided_by"],
    },
    Part {
        table: "role_proposals",
        demo: "grantee_id IN ({D}) OR proposed_by IN ({D}) OR decided_by IN ({D})",
        people: &["grantee_id", "proposed_by", "decided_by"],
    },
    Part { table: "role_grants", demo: "user_id IN ({D}) OR granted_by IN ({D})", people: &["user_id"] },
    // a fund the demo opened and nothing real uses
    Part {
        table: "funds",
        demo: "dong_code IN (SELECT home_dong_code FROM users WHERE is_demo) \
               AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.dong_code = funds.dong_code AND e.id NOT IN ({DE})) \
               AND NOT EXISTS (SELECT 1 FROM fund_projects p WHERE p.dong_code = funds.dong_code AND p.id NOT IN ({DFP}))",
        people: &[],
    },
    Part { table: "users", demo: "is_demo", people: &[] },
];

/// `{…}` names replaced by their sets until none is left.
fn expand(sql: &str) -> String {
    let mut out = sql.to_owned();
    while out.contains('{') {
        let before = out.clone();
        for (name, set) in SETS {
            out = out.replace(name, set);
        }
        if out == before {
            break;
        }
    }
    out
}

/// What a removal takes out (or would), table by table, and what stops it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// (table, rows), only tables with demo rows, in deletion order.
    pub rows: Vec<(&'static str, u64)>,
    /// Why it cannot go ahead, one line each; empty when it can.
    pub blockers: Vec<String>,
}

impl Plan {
    pub fn total(&self) -> u64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

async fn count(db: &impl ConnectionTrait, sql: String) -> Result<u64, AppError> {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    let n: i64 = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Counts the demo rows and finds what stops their removal, without changing anything.
pub async fn plan(db: &impl ConnectionTrait) -> Result<Plan, AppError> {
    let mut plan = Plan::default();
    for part in SCOPE {
        let demo = expand(part.demo);
        let n = count(db, format!("SELECT COUNT(*) FROM {} WHERE {demo}", part.table)).await?;
        if n == 0 {
            continue;
        }
        plan.rows.push((part.table, n));
        if !part.people.is_empty() {
            let real = part
                .people
                .iter()
                .map(|c| format!("({c} IS NOT NULL AND {c} NOT IN ({D}))"))
                .collect::<Vec<_>>()
                .join(" OR ");
            let n = count(db, format!("SELECT COUNT(*) FROM {} WHERE ({demo}) AND ({real})", part.table)).await?;
            if n > 0 {
                plan.blockers.push(format!(
                    "{}: {n} row(s) of real people belong to demo records; remove them first",
                    part.table
                ));
            }
        }
    }
    let mixed = expand(
        "SELECT COUNT(DISTINCT dong_code) FROM journal_entries WHERE id IN ({DE}) AND dong_code IN \
         (SELECT dong_code FROM journal_entries WHERE id NOT IN ({DE}))",
    );
    let n = count(db, mixed).await?;
    if n > 0 {
        plan.blockers.push(format!(
            "journal_entries: {n} fund(s) hold real entries beside demo ones; removing the demo would change their balances"
        ));
    }
    Ok(plan)
}

/// Removes every demo row in one transaction, or nothing (see the module's rules). Returns what
/// was removed.
pub async fn remove(db: &DatabaseConnection) -> Result<Plan, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let plan = plan(&txn).await?;
    if !plan.blockers.is_empty() {
        return Err(AppError::Conflict(ErrorCode::DemoNotRemovable { reason: plan.blockers.join("; ") }));
    }
    let backend = txn.get_database_backend();
    let mut before = Vec::new();
    for part in SCOPE {
        before.push(count(&txn, format!("SELECT COUNT(*) FROM {}", part.table)).await?);
    }
    let mut deleted = Vec::new();
    for part in SCOPE {
        let sql = format!("DELETE FROM {} WHERE {}", part.table, expand(part.demo));
        let done = txn.execute_raw(Statement::from_string(backend, sql)).await.map_err(|e| {
            tracing::warn!(table = part.table, error = %e, "demo removal refused by the database");
            AppError::Conflict(ErrorCode::DemoNotRemovable {
                reason: format!("real records in {} still refer to demo records", part.table),
            })
        })?;
        deleted.push(done.rows_affected());
    }
    for ((part, before), deleted) in SCOPE.iter().zip(before).zip(deleted) {
        let after = count(&txn, format!("SELECT COUNT(*) FROM {}", part.table)).await?;
        if after + deleted != before {
            tracing::error!(table = part.table, before, deleted, after, "demo removal reached real rows");
            return Err(AppError::Conflict(ErrorCode::DemoNotRemovable {
                reason: format!("deleting it would also remove real rows of {}", part.table),
            }));
        }
    }
    // sessions carry their person sealed; a removed demo person's session must not outlive them
    txn.execute_raw(Statement::from_string(backend, "DELETE FROM sessions")).await?;
    txn.commit().await?;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_expands_to_plain_sql() {
        for part in SCOPE {
            let sql = expand(part.demo);
            assert!(!sql.contains('{'), "{}: {sql}", part.table);
        }
    }

    #[test]
    fn children_go_before_the_rows_they_name() {
        let at = |t: &str| SCOPE.iter().position(|p| p.table == t).unwrap_or_else(|| panic!("{t} not in scope"));
        for (child, parent) in [
            ("journal_lines", "journal_entries"),
            ("bookings", "spaces"),
            ("bookings", "journal_entries"),
            ("agenda_items", "assemblies"),
            ("secret_ballots", "agenda_items"),
            ("paper_tally_confirmations", "paper_tally_entries"),
            ("comments", "proposals"),
            ("proposals", "resident_groups"),
            ("expense_claims", "journal_entries"),
            ("fund_projects", "assemblies"),
            ("role_grants", "users"),
            ("audit_events", "users"),
        ] {
            assert!(at(child) < at(parent), "{child} must go before {parent}");
        }
        assert_eq!(SCOPE.last().map(|p| p.table), Some("users"), "people go last");
    }
}
