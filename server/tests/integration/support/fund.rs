//! Fund fixtures: targets written directly (claims, receipts, projects, entries) for the tests
//! and the authorization matrix, whoever is asking.

use super::TestApp;
use app::domain::geo::DongCode;
use app::domain::image::samples;
use app::domain::ledger::{IncomeCategory, Won};
use services::entities::{expense_claim, fund_attachment};
use services::{fund, identity};

fn media(app: &TestApp) -> services::storage::MediaStore {
    services::storage::MediaStore::new(app.media_dir())
}

/// A claim on `dong`'s fund by `author`, written directly (whoever the author is).
pub async fn claim_by(app: &TestApp, dong: &str, author: i64) -> i64 {
    use sea_orm::{ActiveModelTrait, Set};
    fund::lock(&app.db, &DongCode::parse(dong).unwrap()).await.unwrap();
    expense_claim::ActiveModel {
        dong_code: Set(dong.to_owned()),
        submitted_by: Set(author),
        payee: Set("행렬 상점".into()),
        payee_type: Set(app::domain::ledger::PayeeType::Business.into()),
        purpose: Set("행렬 시험 지출".into()),
        category: Set(app::domain::ledger::ExpenseCategory::Materials.into()),
        amount: Set(1_000),
        idempotency_key: Set(uuid::Uuid::new_v4().simple().to_string()),
        status: Set(app::domain::ledger::ClaimStatus::Submitted.into()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A receipt (a stored PNG) on a fresh claim of `dong`'s fund.
pub async fn receipt_in(app: &TestApp, dong: &str) -> i64 {
    use sea_orm::{ActiveModelTrait, Set};
    let author = app.person("청구인", None).await;
    let claim = claim_by(app, dong, author).await;
    let key = media(app).put(&samples::png(20, 20)).await.unwrap();
    fund_attachment::ActiveModel {
        dong_code: Set(dong.to_owned()),
        claim_id: Set(Some(claim)),
        storage_key: Set(key.as_str().to_owned()),
        content_type: Set("image/png".into()),
        byte_size: Set(100),
        original_name: Set("receipt.png".into()),
        uploaded_by: Set(author),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A project of `dong`'s fund without money yet.
pub async fn project_in(app: &TestApp, dong: &str) -> i64 {
    use sea_orm::TransactionTrait;
    let staff = app.person("사업 담당", None).await;
    let dong = DongCode::parse(dong).unwrap();
    let txn = app.db.begin().await.unwrap();
    fund::lock(&txn, &dong).await.unwrap();
    let (id, _) = fund::open_project_locked(&txn, &dong, "행렬 시험 사업", None, None, None, staff).await.unwrap();
    txn.commit().await.unwrap();
    id
}

/// A fresh income entry in `dong`'s fund, recorded by fresh staff.
pub async fn entry_in(app: &TestApp, dong: &str) -> i64 {
    let id = app.person("회계", None).await;
    app.grant(id, "center_staff", dong).await;
    let clerk = identity::load_actor(&app.db, id).await.unwrap().unwrap();
    let income = fund::NewIncome {
        date: fund::today(),
        description: "행렬 시험 수입".into(),
        category: IncomeCategory::Donation,
        amount: Won::new(10_000).unwrap(),
    };
    fund::record_income(&app.db, Some(&clerk), &DongCode::parse(dong).unwrap(), income).await.unwrap()
}
