//! The community fund over real HTTP: the books balance and cannot be edited (the database
//! refuses), concurrent approvals never overdraw, a repeated submission is one claim, nobody
//! approves their own claim, receipts go only to those who may see them, and the public page,
//! API and CSV tell the same story.
//!
//! The tests use Chunghyeon-dong, whose fund the demo data leaves empty.

use crate::db_test;
use crate::support::fund::{entry_in, project_in};
use crate::support::{Backend, TestApp, within};
use app::domain::authz::Actor;
use app::domain::geo::DongCode;
use app::domain::image::samples;
use app::domain::ledger::{IncomeCategory, NewClaim, Won};
use app::domain::{Field, InputRule, Unit};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::entities::{expense_claim, fund_attachment, journal_entry, journal_line};
use services::{fund, fund::claims, groups, identity};

pub const CHUNGHYEON: &str = "1141056500";

pub(crate) fn media(app: &TestApp) -> services::storage::MediaStore {
    services::storage::MediaStore::new(app.media_dir())
}

pub(crate) fn dong() -> DongCode {
    DongCode::parse(CHUNGHYEON).unwrap()
}

/// A new member of Chunghyeon's center staff: (account, actor).
pub async fn staff(app: &TestApp, name: &str) -> (i64, Actor) {
    let id = app.person(name, None).await;
    app.grant(id, "center_staff", CHUNGHYEON).await;
    (id, identity::load_actor(&app.db, id).await.unwrap().unwrap())
}

/// Records `amount` won of income in Chunghyeon's fund, as fresh staff.
pub async fn fund_with(app: &TestApp, amount: i64) {
    let (_, clerk) = staff(app, "회계 담당").await;
    let income = fund::NewIncome {
        date: fund::today(),
        description: "서대문구 지원금".into(),
        category: IncomeCategory::DistrictGrant,
        amount: Won::new(amount).unwrap(),
    };
    fund::record_income(&app.db, Some(&clerk), &dong(), income).await.unwrap();
}

/// A verified resident of Chunghyeon organising a registered group: (account, group).
pub async fn organiser(app: &TestApp) -> (i64, i64) {
    use app::domain::group::GroupDetails;
    let id = app.person("모임지기", Some(CHUNGHYEON)).await;
    app.verify(id, CHUNGHYEON).await;
    let actor = identity::load_actor(&app.db, id).await.unwrap().unwrap();
    let details =
        GroupDetails::parse("충현동 화단 모임", "골목 화단을 함께 가꿉니다.", "environment_energy", "", "open")
            .unwrap();
    let group = groups::create(&app.db, Some(&actor), &dong(), details).await.unwrap();
    let (_, registrar) = staff(app, "등록 담당").await;
    groups::set_registered(&app.db, Some(&registrar), group, true).await.unwrap();
    (id, group)
}

pub(crate) fn claim(amount: i64, key: &str) -> NewClaim {
    NewClaim::parse("충현 철물점", "business", "화단 울타리 자재 구입", "materials", &amount.to_string(), "", key)
        .unwrap()
}

/// Σ debits and Σ credits of every line of Chunghyeon's entries, and whether each entry balances.
async fn books_balance(app: &TestApp) -> (i64, i64, bool) {
    let entries = journal_entry::Entity::find()
        .filter(journal_entry::Column::DongCode.eq(CHUNGHYEON))
        .all(&app.db)
        .await
        .unwrap();
    let (mut debits, mut credits, mut each) = (0, 0, true);
    for e in entries {
        let lines =
            journal_line::Entity::find().filter(journal_line::Column::EntryId.eq(e.id)).all(&app.db).await.unwrap();
        let (d, c): (i64, i64) = (lines.iter().map(|l| l.debit).sum(), lines.iter().map(|l| l.credit).sum());
        each &= d == c && d == e.total && lines.len() >= 2;
        debits += d;
        credits += c;
    }
    (debits, credits, each)
}

db_test!(fifty_concurrent_approvals_never_overdraw_the_fund, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    fund_with(&app, 1_000_000).await;
    // 50 claims of 30,000 won: 1,500,000 in all, half again what the fund holds
    let (_, submitter) = staff(&app, "청구 담당").await;
    let mut claims = Vec::new();
    for n in 0..50 {
        let (id, created) = claims::submit(
            &app.db,
            &media(&app),
            Some(&submitter),
            &dong(),
            None,
            claim(30_000, &format!("claim-key-{n:04}-abcdefgh")),
            None,
        )
        .await
        .unwrap();
        assert!(created);
        claims.push(id);
    }
    let (approver, _) = staff(&app, "승인 담당").await;
    let cookie = app.sign_in(approver).await;
    let calls: Vec<_> = claims
        .iter()
        .map(|id| {
            app.call(
                "fund/claims/decide",
                Some(&cookie),
                &[("claim_id", id.to_string()), ("decision", "approve".into()), ("reason", String::new())],
            )
        })
        .map(tokio::spawn)
        .collect();
    let mut statuses = std::collections::BTreeMap::new();
    for c in calls {
        *statuses.entry(c.await.unwrap().status().as_u16()).or_insert(0) += 1;
    }
    // exactly as many as fit: 33 × 30,000 = 990,000; the other 17 are told the fund is short
    assert_eq!(statuses, [(200, 33), (409, 17)].into(), "{statuses:?}");
    let b = fund::balances(&app.db, &dong()).await.unwrap();
    assert_eq!((b.balance(), b.free(), b.sum()), (10_000, 10_000, 0));
    let approved = expense_claim::Entity::find()
        .filter(expense_claim::Column::DongCode.eq(CHUNGHYEON))
        .filter(expense_claim::Column::Status.eq("approved"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(approved, 33);
    let (debits, credits, each) = books_balance(&app).await;
    assert_eq!((debits, credits, each), (1_990_000, 1_990_000, true));
    // the refused ones are still waiting, and can be approved once there is money again
    fund_with(&app, 30_000).await;
    // (one of the seventeen refused: which ones lost the race differs from run to run)
    let waiting = expense_claim::Entity::find()
        .filter(expense_claim::Column::Id.is_in(claims.iter().copied()))
        .filter(expense_claim::Column::Status.ne("approved"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let res = app
        .call(
            "fund/claims/decide",
            Some(&cookie),
            &[("claim_id", waiting.to_string()), ("decision", "approve".into()), ("reason", String::new())],
        )
        .await;
    let status = expense_claim::Entity::find_by_id(waiting).one(&app.db).await.unwrap().unwrap().status;
    assert_eq!((res.status().as_u16(), status.as_str()), (200, "approved"), "approved once the money is there");
});

db_test!(twenty_submissions_with_one_key_make_one_claim, |backend: Backend| async move {
    use app::domain::identity::TokenScope;
    let app = TestApp::spawn(&backend).await;
    fund_with(&app, 500_000).await;
    let (organiser, group) = organiser(&app).await;
    let actor = identity::load_actor(&app.db, organiser).await.unwrap().unwrap();
    let token = identity::create_token(&app.db, &actor, "claims".into(), TokenScope::ReadWrite).await.unwrap();
    let body = serde_json::json!({
        "group": group, "payee": "충현 철물점", "payee_type": "business", "purpose": "화단 울타리 자재 구입",
        "category": "materials", "amount": 45000, "idempotency_key": "double-click-0123456789"
    });
    let url = app.url(&format!("/api/v1/dongs/{CHUNGHYEON}/fund/claims"));
    let sends: Vec<_> = (0..20)
        .map(|_| {
            let req = app.client.post(url.clone()).bearer_auth(token.clone()).json(&body);
            tokio::spawn(async move { within("claim", req.send()).await.unwrap() })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::new();
    let mut ids = std::collections::BTreeSet::new();
    for s in sends {
        let res = s.await.unwrap();
        *statuses.entry(res.status().as_u16()).or_insert(0) += 1;
        ids.insert(res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    assert_eq!(statuses, [(200, 19), (201, 1)].into(), "{statuses:?}");
    assert_eq!(ids.len(), 1, "every answer names the one claim");
    let rows = expense_claim::Entity::find().filter(expense_claim::Column::SubmittedBy.eq(organiser)).count(&app.db);
    assert_eq!(rows.await.unwrap(), 1);
    // the database holds it too: a second row with the key is refused
    let dup = app
        .db
        .execute_unprepared(&format!(
            "INSERT INTO expense_claims (dong_code, submitted_by, payee, payee_type, purpose, category, amount, \
             idempotency_key, status, created_at) SELECT dong_code, submitted_by, payee, payee_type, purpose, \
             category, amount, idempotency_key, status, created_at FROM expense_claims WHERE submitted_by = {organiser}"
        ))
        .await;
    assert!(dup.is_err(), "a duplicate idempotency key must be refused by the database");
});

db_test!(the_journal_is_append_only_and_every_entry_balances, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    fund_with(&app, 200_000).await;
    let entry = journal_entry::Entity::find()
        .filter(journal_entry::Column::DongCode.eq(CHUNGHYEON))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let backend_kind = app.db.get_database_backend();
    let refused = |sql: String| {
        let db = app.db.clone();
        async move { db.execute_unprepared(&sql).await.is_err() }
    };
    for sql in [
        format!("UPDATE journal_entries SET total = 1 WHERE id = {}", entry.id),
        format!("UPDATE journal_entries SET description = 'x' WHERE id = {}", entry.id),
        format!("DELETE FROM journal_entries WHERE id = {}", entry.id),
        format!("UPDATE journal_lines SET debit = debit + 1 WHERE entry_id = {}", entry.id),
        format!("DELETE FROM journal_lines WHERE entry_id = {}", entry.id),
        // a third line on a balanced entry would make it unbalanced
        format!("INSERT INTO journal_lines (entry_id, account, debit, credit) VALUES ({}, 'cash', 5, 0)", entry.id),
        // a line must be a positive debit or a positive credit, not both, not neither
        format!("INSERT INTO journal_lines (entry_id, account, debit, credit) VALUES ({}, 'cash', 0, 0)", entry.id),
    ] {
        assert!(refused(sql.clone()).await, "the database accepted: {sql}");
    }
    let (debits, credits, each) = books_balance(&app).await;
    assert_eq!((debits, credits, each), (200_000, 200_000, true));
    // PostgreSQL also checks at commit that an entry's lines add up to its total
    if backend_kind == sea_orm::DatabaseBackend::Postgres {
        use sea_orm::TransactionTrait;
        let txn = app.db.begin().await.unwrap();
        let staff_id = entry.recorded_by;
        txn.execute_unprepared(&format!(
            "INSERT INTO journal_entries (dong_code, entry_date, description, kind, total, recorded_by, created_at) \
             VALUES ('{CHUNGHYEON}', '2026-11-01', 'half an entry', 'income', 100, {staff_id}, now())"
        ))
        .await
        .unwrap();
        assert!(txn.commit().await.is_err(), "an entry without lines must not commit");
    }
});

db_test!(a_mistake_is_corrected_by_a_reversal_that_stays_visible, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (clerk, _) = staff(&app, "회계 담당").await;
    let cookie = app.sign_in(clerk).await;
    let record = |amount: &str| {
        app.call(
            "fund/income",
            Some(&cookie),
            &[
                ("dong", CHUNGHYEON.into()),
                ("date", fund::today().to_string()),
                ("description", "주민 기부금".into()),
                ("category", "donation".into()),
                ("amount", amount.into()),
            ],
        )
    };
    // bad input is refused, with the field named, and nothing is recorded
    for bad in ["0", "-5", "십만", "1000000000001"] {
        let res = record(bad).await;
        assert_eq!(res.status(), 422, "{bad}");
        assert!(res.text().await.unwrap().contains("amount"));
    }
    let future = app
        .call(
            "fund/income",
            Some(&cookie),
            &[
                ("dong", CHUNGHYEON.into()),
                ("date", "2099-01-01".into()),
                ("description", "미래".into()),
                ("category", "donation".into()),
                ("amount", "1000".into()),
            ],
        )
        .await;
    assert_eq!(future.status(), 422);
    assert_eq!(fund::balances(&app.db, &dong()).await.unwrap().balance(), 0);

    // 1,500,000 typed for 150,000; corrected, then recorded right
    assert_eq!(record("1,500,000").await.status(), 200);
    let typo = journal_entry::Entity::find()
        .filter(journal_entry::Column::DongCode.eq(CHUNGHYEON))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let reverse = |confirm: bool| {
        let mut form = vec![("entry_id", typo.id.to_string()), ("reason", "금액 오기".to_owned())];
        if confirm {
            form.push(("confirm", "on".into()));
        }
        app.call("fund/reverse", Some(&cookie), &form)
    };
    assert_eq!(reverse(false).await.status(), 422, "a correction needs the confirmation");
    assert_eq!(reverse(true).await.status(), 200);
    assert_eq!(reverse(true).await.status(), 409, "an entry is corrected once");
    assert_eq!(record("150000").await.status(), 200);
    let b = fund::balances(&app.db, &dong()).await.unwrap();
    assert_eq!(b.balance(), 150_000);
    // both stay in the public journal, linked
    let page = fund::journal(&app.db, None, &dong(), 1).await.unwrap();
    assert_eq!(page.total, 3);
    let original = page.entries.iter().find(|e| e.id == typo.id).unwrap();
    let reversal = page.entries.iter().find(|e| e.reverses == Some(typo.id)).unwrap();
    assert_eq!(original.reversed_by, Some(reversal.id));
    assert_eq!((original.net, reversal.net), (1_500_000, -1_500_000));
    assert!(reversal.description.contains("금액 오기"));
    // the API and the CSV agree
    let api: serde_json::Value = app.get(&format!("/api/v1/dongs/{CHUNGHYEON}/fund")).await.json().await.unwrap();
    assert_eq!((api["balance"].as_i64(), api["free"].as_i64()), (Some(150_000), Some(150_000)));
    let donations = api["income_by_category"].as_array().unwrap().iter().find(|c| c["category"] == "donation").unwrap();
    assert_eq!(donations["amount"].as_i64(), Some(150_000), "the reversal nets the mistake out");
    let csv = app.get(&format!("/dongs/{CHUNGHYEON}/fund/journal.csv")).await.text().await.unwrap();
    assert_eq!(csv.lines().count(), 1 + 6, "a header and two lines per entry");
    let statement: serde_json::Value = app
        .get(&format!("/api/v1/dongs/{CHUNGHYEON}/fund/statements/{}", fund::today().month()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statement["closing_balance"].as_i64(), Some(150_000));
    // the public page shows it, in words
    let html = app.get(&format!("/dongs/{CHUNGHYEON}/fund")).await.text().await.unwrap();
    assert!(html.contains("150,000원"), "balance on the page");
    assert!(html.contains("정정"), "the correction on the page");
});

db_test!(nobody_approves_their_own_claim, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    fund_with(&app, 300_000).await;
    let (author, author_actor) = staff(&app, "청구 담당").await;
    let (id, _) = claims::submit(
        &app.db,
        &media(&app),
        Some(&author_actor),
        &dong(),
        None,
        claim(50_000, "own-claim-0123456789"),
        None,
    )
    .await
    .unwrap();
    let own = app.sign_in(author).await;
    let decide = |cookie: String, decision: &'static str, reason: &'static str| {
        app.call(
            "fund/claims/decide",
            Some(&cookie),
            &[("claim_id", id.to_string()), ("decision", decision.into()), ("reason", reason.into())],
        )
    };
    assert_eq!(decide(own.clone(), "approve", "").await.status(), 403);
    assert_eq!(decide(own, "reject", "내 청구").await.status(), 403);
    // the district's expert may; a rejection needs its reason
    let expert = app.person("마을사업 전문가", None).await;
    app.grant(expert, "expert", "1141000000").await;
    let expert = app.sign_in(expert).await;
    assert_eq!(decide(expert.clone(), "reject", "").await.status(), 422);
    assert_eq!(decide(expert.clone(), "approve", "").await.status(), 200);
    assert_eq!(decide(expert, "approve", "").await.status(), 409, "decided once");
    let row = expense_claim::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status.as_str(), "approved");
    let entry = journal_entry::Entity::find_by_id(row.entry_id.unwrap()).one(&app.db).await.unwrap().unwrap();
    assert_eq!(
        (entry.kind.as_str(), entry.total, entry.recorded_by, entry.payee_type.map(|p| p.as_str())),
        ("expense", 50_000, author, Some("business"))
    );
    // and the database refuses a decision by the author
    let sql = format!("UPDATE expense_claims SET decided_by = submitted_by WHERE id = {id}");
    assert!(app.db.execute_unprepared(&sql).await.is_err());
});

db_test!(a_claim_with_its_receipt_from_a_plain_form, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    fund_with(&app, 300_000).await;
    let (organiser, group) = organiser(&app).await;
    let cookie = app.sign_in(organiser).await;
    let form = |bytes: Vec<u8>, name: &str, amount: &str| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        reqwest::multipart::Form::new()
            .text("key", "receipt-form-0123456789")
            .text("group", group.to_string())
            .text("payee", "충현 철물점")
            .text("payee_type", "business")
            .text("purpose", "화단 울타리 자재 구입")
            .text("category", "materials")
            .text("amount", amount.to_owned())
            .text("project", "")
            .part("receipt", part)
    };
    let post = |form: reqwest::multipart::Form| {
        let req = app
            .client
            .post(app.url(&format!("/dongs/{CHUNGHYEON}/fund/claims")))
            .header("cookie", cookie.clone())
            .multipart(form);
        async move { within("claim form", req.send()).await.unwrap() }
    };
    // refused files and amounts go back to the form with what was typed; nothing is stored
    let input = |field, rule| app::error_code::ErrorCode::Input { field, rule };
    for (bytes, name, amount, code) in [
        (
            b"<html><script>alert(1)</script></html>".to_vec(),
            "receipt.png",
            "45000",
            input(Field::ReceiptFile, InputRule::NotAPhotoOrPdf),
        ),
        (samples::png(40, 30), "receipt.png", "900000", app::error_code::ErrorCode::FreeBalanceShort),
        (
            samples::png(40, 30),
            "receipt.png",
            "사만원",
            input(Field::Amount, InputRule::Number { min: 1, max: 1_000_000_000_000, unit: Unit::Won }),
        ),
    ] {
        let res = post(form(bytes, name, amount)).await;
        let to = res.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(crate::support::refusal_in(&to, "claim_error"), Some(code), "{to}");
        assert!(to.contains("payee=%EC%B6%A9"), "the typed payee comes back: {to}");
    }
    assert_eq!(
        expense_claim::Entity::find()
            .filter(expense_claim::Column::SubmittedBy.eq(organiser))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(fund_attachment::Entity::find().count(&app.db).await.unwrap(), 0);
    assert!(app.media_files().is_empty(), "no file left behind");

    let res = post(form(samples::png(40, 30), "영수증.png", "45,000")).await;
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/fund/claims/") && to.ends_with("?submitted=1"), "{to}");
    // the same form again (a double click) is the same claim
    let again = post(form(samples::png(40, 30), "영수증.png", "45,000")).await;
    assert!(again.headers()["location"].to_str().unwrap().ends_with("?duplicate=1"));
    assert_eq!(app.media_files().len(), 1);
    let file = fund_attachment::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((file.content_type.as_str(), file.original_name.as_str()), ("image/png", "영수증.png"));

    // the receipt: for the author and the center's staff, not for other residents or the public
    let url = format!("/media/fund-receipts/{}", file.id);
    let (staff_id, _) = staff(&app, "심사 담당").await;
    let staff_cookie = app.sign_in(staff_id).await;
    let res = app.get_with_cookie(&url, &staff_cookie).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["content-security-policy"], "default-src 'none'; sandbox");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(app.get_with_cookie(&url, &cookie).await.status(), 200);
    let neighbour = app.person("이웃", Some(CHUNGHYEON)).await;
    let neighbour = app.sign_in(neighbour).await;
    assert_eq!(app.get_with_cookie(&url, &neighbour).await.status(), 403);
    assert_eq!(app.get(&url).await.status(), 401);
});

db_test!(projects_earmark_what_fits_and_spend_from_their_allocation, |backend: Backend| async move {
    // a project gets what fits in the free balance; its spending comes out of its allocation,
    // and what is left when it is done returns to the fund
    let app = TestApp::spawn(&backend).await;
    fund_with(&app, 1_000_000).await;
    let (_, clerk) = staff(&app, "사업 담당").await;
    let txn = {
        use sea_orm::TransactionTrait;
        app.db.begin().await.unwrap()
    };
    fund::lock(&txn, &dong()).await.unwrap();
    let (project, funded) = fund::open_project_locked(
        &txn,
        &dong(),
        "골목 벤치 놓기",
        None,
        None,
        Some(Won::new(300_000).unwrap()),
        clerk.user_id,
    )
    .await
    .unwrap();
    let (big, big_funded) = fund::open_project_locked(
        &txn,
        &dong(),
        "공원 정비",
        None,
        None,
        Some(Won::new(900_000).unwrap()),
        clerk.user_id,
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    assert!(funded && !big_funded, "only what fits in the free balance is earmarked");
    let b = fund::balances(&app.db, &dong()).await.unwrap();
    assert_eq!((b.free(), b.earmarked(), b.balance()), (700_000, 300_000, 1_000_000));
    // a claim against the project spends its allocation, never beyond it
    let over = NewClaim::parse(
        "목공소",
        "business",
        "벤치 제작",
        "materials",
        "300001",
        &project.to_string(),
        "project-over-0123456789",
    )
    .unwrap();
    let refused = claims::submit(&app.db, &media(&app), Some(&clerk), &dong(), None, over, None).await;
    assert_eq!(refused.err(), Some(app::error::AppError::Conflict(app::error_code::ErrorCode::AllocationShort)));
    let ok = NewClaim::parse(
        "목공소",
        "business",
        "벤치 제작",
        "materials",
        "280000",
        &project.to_string(),
        "project-ok-0123456789",
    )
    .unwrap();
    let (claim_id, _) = claims::submit(&app.db, &media(&app), Some(&clerk), &dong(), None, ok, None).await.unwrap();
    let (_, approver) = staff(&app, "승인 담당").await;
    claims::decide(&app.db, Some(&approver), claim_id, true, "").await.unwrap();
    let projects = fund::projects(&app.db, &dong()).await.unwrap();
    let p = projects.iter().find(|p| p.id == project).unwrap();
    assert_eq!((p.budget, p.spent, p.remaining), (300_000, 280_000, 20_000));
    let q = projects.iter().find(|p| p.id == big).unwrap();
    assert_eq!((q.budget, q.spent, q.remaining), (0, 0, 0));
    // done: the 20,000 left returns to the free balance
    fund::set_project_status(&app.db, Some(&approver), project, app::domain::ledger::ProjectStatus::InProgress)
        .await
        .unwrap();
    fund::set_project_status(&app.db, Some(&approver), project, app::domain::ledger::ProjectStatus::Done)
        .await
        .unwrap();
    let b = fund::balances(&app.db, &dong()).await.unwrap();
    assert_eq!((b.free(), b.earmarked(), b.balance()), (720_000, 0, 720_000));
    let csv = app.get(&format!("/dongs/{CHUNGHYEON}/fund/projects.csv")).await.text().await.unwrap();
    assert!(csv.contains(&format!("{project},\"골목 벤치 놓기\",done,,280000,280000,0")), "{csv}");
});

db_test!(evidence_on_entries_and_photos_on_project_notes, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let entry = entry_in(&app, CHUNGHYEON).await;
    let (clerk, _) = staff(&app, "증빙 담당").await;
    let cookie = app.sign_in(clerk).await;
    let post = |path: String, form: reqwest::multipart::Form| {
        let req = app.client.post(app.url(&path)).header("cookie", cookie.clone()).multipart(form);
        async move { within("form", req.send()).await.unwrap() }
    };
    let file = |bytes: Vec<u8>, name: &str| reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());

    // evidence on an entry: refused types go back with an error; a photo is kept, for staff only
    let res = post(
        format!("/fund/entries/{entry}/evidence"),
        reqwest::multipart::Form::new().part("receipt", file(b"<svg onload=alert(1)>".to_vec(), "x.png")),
    )
    .await;
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.ends_with(&format!("#entry-{entry}")), "{to}");
    let refused = app::error_code::ErrorCode::Input { field: Field::ReceiptFile, rule: InputRule::NotAPhotoOrPdf };
    assert_eq!(crate::support::refusal_in(&to, "evidence_error"), Some(refused), "{to}");
    let res = post(
        format!("/fund/entries/{entry}/evidence"),
        reqwest::multipart::Form::new().part("receipt", file(samples::png(30, 30), "지원금 공문.png")),
    )
    .await;
    assert!(res.headers()["location"].to_str().unwrap().contains(&format!("evidence_added={entry}")));
    let staff_actor = identity::load_actor(&app.db, clerk).await.unwrap().unwrap();
    let seen = fund::journal(&app.db, Some(&staff_actor), &dong(), 1).await.unwrap();
    let row = seen.entries.iter().find(|e| e.id == entry).unwrap();
    assert_eq!(row.receipts.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["지원금 공문.png"]);
    let public = fund::journal(&app.db, None, &dong(), 1).await.unwrap();
    assert!(public.entries.iter().all(|e| e.receipts.is_empty()), "evidence is not public");
    let evidence = app.get_with_cookie(&format!("/media/fund-receipts/{}", row.receipts[0].id), &cookie).await;
    assert_eq!(evidence.status(), 200);
    // and only staff of the dong attach it
    let neighbour = app.person("이웃", Some(CHUNGHYEON)).await;
    app.verify(neighbour, CHUNGHYEON).await;
    let neighbour = app.sign_in(neighbour).await;
    let res = app
        .client
        .post(app.url(&format!("/fund/entries/{entry}/evidence")))
        .header("cookie", neighbour)
        .multipart(reqwest::multipart::Form::new().part("receipt", file(samples::png(30, 30), "x.png")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // a progress note with a photo: public, served as an image
    let project = project_in(&app, CHUNGHYEON).await;
    let note = |photo: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("note", "화단에 꽃모종 400본을 심었습니다.")
            .text("alt", "꽃이 심긴 골목 화단")
            .part("photo", file(photo, "flowers.png"))
    };
    let res =
        post(format!("/fund/projects/{project}/updates"), note(b"<html><script>alert(1)</script>".to_vec())).await;
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    let refused = app::error_code::ErrorCode::Input { field: Field::Photo, rule: InputRule::NotAnImage };
    assert_eq!(crate::support::refusal_in(&to, "update_error"), Some(refused), "{to}");
    assert!(to.contains("note=%ED%99%94"), "{to}");
    let res = post(format!("/fund/projects/{project}/updates"), note(samples::png(64, 48))).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("update_added=1"));
    let page = fund::project_page(&app.db, None, project).await.unwrap();
    assert_eq!(page.updates.len(), 1, "the refused note left nothing");
    let (photo, alt) = page.updates[0].photo.clone().unwrap();
    assert_eq!(alt, "꽃이 심긴 골목 화단");
    let res = app.get(&format!("/media/project-photos/{photo}")).await;
    assert_eq!((res.status().as_u16(), res.headers()["content-type"].to_str().unwrap()), (200, "image/png"));
    assert_eq!(res.headers()["content-security-policy"], "default-src 'none'; sandbox");
    let html = app.get(&format!("/fund/projects/{project}")).await.text().await.unwrap();
    assert!(html.contains(&format!("/media/project-photos/{photo}")) && html.contains("꽃이 심긴 골목 화단"));
});
