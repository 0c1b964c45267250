//! The authorization matrix's rows for groups and proposals: residents of the dong take part,
//! organisers manage their groups.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/groups/create (Sinchon)", &[VerifiedResident], |app, c| {
            app.call(
                "groups/create",
                c,
                &[
                    ("dong", SINCHON.into()),
                    ("name", "행렬 모임".into()),
                    ("purpose", "권한 행렬을 시험하는 모임입니다.".into()),
                    ("category", "other".into()),
                    ("meeting_pattern", "".into()),
                    ("membership", "open".into()),
                ],
            )
            .await
        }),
        row!("POST /sf/groups/join (Sinchon group)", &[VerifiedResident], |app, c| {
            let g = fresh_group(app, "open").await;
            app.call("groups/join", c, &[("group_id", g.to_string())]).await
        }),
        row!("POST /sf/groups/leave (a Sinchon group one belongs to)", &SIGNED_IN, |app, people, p, c| {
            let g = fresh_group(app, "open").await;
            if let Some(me) = people.id(p) {
                waiting_member(app, g, me).await;
            }
            app.call("groups/leave", c, &[("group_id", g.to_string())]).await
        }),
        row!("POST /sf/proposals/form (read someone else's draft)", &[], |app, c| {
            let (id, _) = draft_with_image(app).await;
            app.call("proposals/form", c, &[("id", id.to_string())]).await
        }),
        row!("POST /sf/groups/member (someone else's group)", &[], |app, c| {
            let g = fresh_group(app, "approval").await;
            let (_, other_cookie) = crate::participation::resident(app, "신청자").await;
            app.call("groups/join", Some(&other_cookie), &[("group_id", g.to_string())]).await;
            let applicant = services::entities::group_member::Entity::find()
                .filter(services::entities::group_member::Column::GroupId.eq(g))
                .filter(services::entities::group_member::Column::State.eq("pending"))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .user_id;
            app.call(
                "groups/member",
                c,
                &[("group_id", g.to_string()), ("user_id", applicant.to_string()), ("decision", "approve".into())],
            )
            .await
        }),
        row!("POST /sf/groups/register (Sinchon group)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let g = fresh_group(app, "open").await;
            app.call("groups/register", c, &[("group_id", g.to_string()), ("registered", "1".into())]).await
        }),
        row!("POST /sf/proposals/create (Sinchon)", &[VerifiedResident], |app, c| {
            let (endpoint, key, value) = ("proposals/create", "dong", SINCHON.to_owned());
            app.call(
                endpoint,
                c,
                &[
                    (key, value),
                    ("title", "행렬 시험 제안".into()),
                    ("problem", "문제를 설명하는 글입니다.".into()),
                    ("solution", "해결책을 설명하는 글입니다.".into()),
                    ("category", "safety".into()),
                    ("cost_won", "".into()),
                    ("location", "".into()),
                ],
            )
            .await
        }),
        row!("POST /sf/proposals/update (someone else's)", &[], |app, c| {
            let (id, _) = published_proposal(app, "남이 쓴 제안입니다").await;
            let (endpoint, key, value) = ("proposals/update", "id", id.to_string());
            app.call(
                endpoint,
                c,
                &[
                    (key, value),
                    ("title", "행렬 시험 제안".into()),
                    ("problem", "문제를 설명하는 글입니다.".into()),
                    ("solution", "해결책을 설명하는 글입니다.".into()),
                    ("category", "safety".into()),
                    ("cost_won", "".into()),
                    ("location", "".into()),
                ],
            )
            .await
        }),
        row!("POST /sf/proposals/publish (someone else's draft)", &[], |app, c| {
            use services::{identity, proposals};
            let author = app.person("초안 작성자", Some(SINCHON)).await;
            app.verify(author, SINCHON).await;
            let actor = identity::load_actor(&app.db, author).await.unwrap().unwrap();
            let content = app::domain::proposal::ProposalContent::parse(
                "남의 초안입니다",
                "문제를 설명하는 글입니다.",
                "해결책을 설명하는 글입니다.",
                "safety",
                "",
                "",
            )
            .unwrap();
            let dong = app::domain::geo::DongCode::parse(SINCHON).unwrap();
            let id = proposals::create(&app.db, Some(&actor), &dong, content, None).await.unwrap();
            app.call("proposals/publish", c, &[("id", id.to_string())]).await
        }),
        row!("POST /sf/proposals/withdraw (someone else's)", &[], |app, c| {
            let (id, _) = published_proposal(app, "남이 쓴 제안입니다").await;
            app.call("proposals/withdraw", c, &[("id", id.to_string()), ("confirm", "on".into())]).await
        }),
        row!("POST /proposals/{id}/images (someone else's draft)", &[], |app, c| {
            let (id, _) = draft_with_image(app).await;
            let path = format!("/proposals/{id}/images");
            send(app, c, app.client.post(app.url(&path)).multipart(image_form(samples::png(20, 20), ""))).await
        }),
        row!("POST /api/v1/proposals/{id}/images (someone else's, session)", &[], |app, c| {
            let (id, _) = draft_with_image(app).await;
            let path = format!("/api/v1/proposals/{id}/images");
            send(app, c, app.client.post(app.url(&path)).multipart(image_form(samples::png(20, 20), ""))).await
        }),
        row!("POST /sf/proposals/images/remove (someone else's)", &[], |app, c| {
            let (_, image) = draft_with_image(app).await;
            app.call("proposals/images/remove", c, &[("image_id", image.to_string()), ("confirm", "on".into())]).await
        }),
        row!("GET /media/proposal-images/{id} (published proposal)", &ALL, |app, c| {
            let (id, image) = draft_with_image(app).await;
            publish_as_author(app, id).await;
            send(app, c, app.client.get(app.url(&format!("/media/proposal-images/{image}")))).await
        }),
        row!("POST /sf/proposals/support (Sinchon)", &[VerifiedResident], |app, c| {
            let (id, _) = published_proposal(app, "공감 시험 제안입니다").await;
            app.call("proposals/support", c, &[("id", id.to_string()), ("support", "1".into())]).await
        }),
        row!("POST /sf/proposals/comment (Sinchon)", &[VerifiedResident], |app, c| {
            let (id, _) = published_proposal(app, "댓글 시험 제안입니다").await;
            app.call("proposals/comment", c, &[("proposal_id", id.to_string()), ("body", "의견입니다".into())]).await
        }),
        row!("POST /sf/settings/support_threshold (Sinchon)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            app.call("settings/support_threshold", c, &[("dong", SINCHON.into()), ("threshold", "25".into())]).await
        }),
        row!("POST /api/v1/dongs/{Sinchon}/proposals (session)", &[VerifiedResident], |app, c| {
            let body = serde_json::json!({
                "title": "API로 낸 제안입니다", "problem": "문제를 설명하는 글입니다.",
                "solution": "해결책을 설명하는 글입니다.", "category": "safety", "publish": true
            });
            send(app, c, app.client.post(app.url(&format!("/api/v1/dongs/{SINCHON}/proposals"))).json(&body)).await
        }),
        row!("POST /api/v1/proposals/{id}/support (session)", &[VerifiedResident], |app, c| {
            let (id, _) = published_proposal(app, "API 공감 시험 제안").await;
            let url = app.url(&format!("/api/v1/proposals/{id}/support"));
            let req = app.client.post(url);
            send(app, c, req).await
        }),
        row!("DELETE /api/v1/proposals/{id}/support (session)", &[VerifiedResident], |app, c| {
            let (id, _) = published_proposal(app, "API 공감 시험 제안").await;
            let url = app.url(&format!("/api/v1/proposals/{id}/support"));
            let req = app.client.delete(url);
            send(app, c, req).await
        }),
        row!("POST /api/v1/proposals/{id}/comments (session)", &[VerifiedResident], |app, c| {
            let (id, _) = published_proposal(app, "API 댓글 시험 제안").await;
            let body = serde_json::json!({ "body": "API로 쓴 의견입니다" });
            send(app, c, app.client.post(app.url(&format!("/api/v1/proposals/{id}/comments"))).json(&body)).await
        }),
    ]
}

/// `user` waits to join `group` (as after asking to join a group that approves its members).
async fn waiting_member(app: &TestApp, group: i64, user: i64) {
    use sea_orm::{ActiveModelTrait, Set};
    use services::entities::group_member;
    group_member::ActiveModel {
        group_id: Set(group),
        user_id: Set(user),
        role: Set(app::domain::group::MemberRole::Member.into()),
        state: Set(app::domain::group::MemberState::Pending.into()),
        joined_at: Set(chrono::Utc::now()),
    }
    .insert(&app.db)
    .await
    .unwrap();
}
