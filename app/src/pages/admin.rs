//! Administrators: appoint and remove experts, center staff and administrators; and the audit
//! log (also open to experts, for their district).

use crate::api::identity::{GrantRole, RevokeRole, audit_log, role_grants};
use crate::components::feedback::{Loading, access_error};
use crate::components::form::{FormDone, FormError};
use crate::domain::lang::label_of;
use crate::dto::{AuditPage, GrantRow, Named};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/admin/roles`
#[component]
pub fn RolesPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let grant = ServerAction::<GrantRole>::new();
    let revoke = ServerAction::<RevokeRole>::new();
    let grants = Resource::new(move || (grant.version().get(), revoke.version().get()), |_| role_grants());
    view! {
        <Title text=lang.pick("역할 관리", "Roles") />
        <h1>{lang.pick("역할 관리", "Roles")}</h1>
        <Suspense fallback=Loading>
            {move || {
                grants
                    .get()
                    .map(|res| match res {
                        Ok(rows) => view! { <RolesView rows grant revoke /> }.into_any(),
                        Err(e) => access_error(e),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn RolesView(rows: Vec<GrantRow>, grant: ServerAction<GrantRole>, revoke: ServerAction<RevokeRole>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <section class="panel" aria-labelledby="grant-heading">
            <h2 id="grant-heading">{lang.pick("역할 부여", "Grant a role")}</h2>
            <p class="hint">
                {lang.pick(
                    "직원·복지 담당 공무원·방문간호사는 동 코드(10자리, 예: 1141058500), 전문가와 구 복지 총괄은 구 코드(예: 1141000000)를 범위로 넣으세요. 관리자는 범위가 없습니다.",
                    "Center staff, welfare officers and visiting nurses take a dong code (10 digits, e.g. 1141058500); experts and district welfare supervisors a district code (e.g. 1141000000); administrators no scope.",
                )}
            </p>
            <ActionForm action=grant attr:class="stack">
                <label for="grant-account">{lang.pick("계정 번호", "Account number")}</label>
                <input id="grant-account" name="account" required inputmode="numeric" autocomplete="off" />
                <label for="grant-role">{lang.pick("역할", "Role")}</label>
                <select id="grant-role" name="role">
                    <option value="center_staff">{label_of::<crate::domain::roles::Role>(lang, "center_staff")}</option>
                    <option value="expert">{label_of::<crate::domain::roles::Role>(lang, "expert")}</option>
                    <option value="welfare_officer">{label_of::<crate::domain::roles::Role>(lang, "welfare_officer")}</option>
                    <option value="visiting_nurse">{label_of::<crate::domain::roles::Role>(lang, "visiting_nurse")}</option>
                    <option value="welfare_supervisor">{label_of::<crate::domain::roles::Role>(lang, "welfare_supervisor")}</option>
                    <option value="admin">{label_of::<crate::domain::roles::Role>(lang, "admin")}</option>
                </select>
                <label for="grant-scope">{lang.pick("범위 (동 또는 구 코드)", "Scope (dong or district code)")}</label>
                <input id="grant-scope" name="scope_code" inputmode="numeric" autocomplete="off" />
                <FormError action=grant />
                <FormDone action=grant text=lang.pick("역할을 부여했습니다.", "Role granted.") />
                <button type="submit" class="btn">{lang.pick("부여", "Grant")}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="grants-heading">
            <h2 id="grants-heading">{format!("{} ({})", lang.pick("현재 역할", "Current roles"), rows.len())}</h2>
            <FormError action=revoke />
            {if rows.is_empty() {
                view! { <p class="empty">{lang.pick("부여된 역할이 없습니다.", "No roles granted.")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{lang.pick("이름", "Name")}</th>
                                    <th scope="col">{lang.pick("역할", "Role")}</th>
                                    <th scope="col">{lang.pick("범위", "Scope")}</th>
                                    <th scope="col">{lang.pick("부여일", "Since")}</th>
                                    <th scope="col">{lang.pick("해제", "Revoke")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|g| view! {
                                    <tr>
                                        <td>{format!("{} (#{})", g.display_name, g.user_id)}</td>
                                        <td>{label_of::<crate::domain::roles::Role>(lang, &g.role.role)}</td>
                                        <td>{g.role.scope.as_ref().map(|s| s.name(lang)).unwrap_or_else(|| lang.pick("서울시 전체", "All of Seoul").into())}</td>
                                        <td class="num">{g.granted_on.clone()}</td>
                                        <td>
                                            <details class="confirm">
                                                <summary>{lang.pick("해제", "Revoke")}</summary>
                                                <ActionForm action=revoke attr:class="inline-form">
                                                    <input type="hidden" name="grant_id" value=g.id />
                                                    <button type="submit" class="btn btn-danger btn-small">{lang.pick("해제 확인", "Confirm revoke")}</button>
                                                </ActionForm>
                                            </details>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

/// `/audit?district=&page=`
#[component]
pub fn AuditPageView() -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("district"), q.get("page").and_then(|p| p.parse::<u64>().ok()))
        },
        |(district, page)| audit_log(district, page),
    );
    view! {
        <Title text=lang.pick("감사 기록", "Audit log") />
        <h1>{lang.pick("감사 기록", "Audit log")}</h1>
        <p class="hint">
            {lang.pick(
                "역할 부여, 거주 확인, 코드 발급 같은 권한 있는 작업의 기록입니다. 기록은 고치거나 지울 수 없습니다.",
                "Privileged actions: role grants, residency verifications, code issuance. Records cannot be changed or deleted.",
            )}
        </p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|res| match res {
                        Ok(p) => view! { <AuditTable p /> }.into_any(),
                        Err(e) => access_error(e),
                    })
            }}
        </Suspense>
    }
}

fn action_label(lang: crate::domain::lang::Lang, action: &str) -> String {
    let text = match action {
        "resident.registered" => lang.pick("주민 창구 등록", "Resident registered at the counter"),
        "sign_in_code.issued" => lang.pick("로그인 코드 발급", "Sign-in code issued"),
        "residency.verified" => lang.pick("거주 확인", "Residency verified"),
        "residency.ended" => lang.pick("거주 확인 해제 (전출)", "Residency ended (moved out)"),
        "role.granted" => lang.pick("역할 부여", "Role granted"),
        "role.revoked" => lang.pick("역할 해제", "Role revoked"),
        "account.deleted" => lang.pick("계정 삭제", "Account deleted"),
        "group.registered" => lang.pick("주민모임 등록", "Group registered with the center"),
        "group.unregistered" => lang.pick("주민모임 등록 취소", "Group registration withdrawn"),
        "moderation.hidden" => lang.pick("게시물 가림", "Content hidden"),
        "moderation.restored" => lang.pick("게시물 복원", "Content restored"),
        "moderation.warned" => lang.pick("주의 조치", "User warned"),
        "moderation.blocked" => lang.pick("글쓰기 제한", "User blocked from posting"),
        "settings.support_threshold" => lang.pick("공감 기준 변경", "Support threshold changed"),
        "settings.report_threshold" => lang.pick("신고 기준 변경", "Report threshold changed"),
        "settings.bylaws" => lang.pick("총회 규칙 변경", "Assembly bylaws changed"),
        other => return other.to_owned(),
    };
    text.to_owned()
}

#[component]
fn AuditTable(p: AuditPage) -> impl IntoView {
    let lang = use_prefs().lang;
    let district_param = p.scope.as_ref().map(|s| format!("district={}&", s.code)).unwrap_or_default();
    let scope_name =
        p.scope.as_ref().map(|s| s.name(lang)).unwrap_or_else(|| lang.pick("서울시 전체", "All of Seoul").into());
    let link = |page: u64| format!("/audit?{district_param}page={page}");
    view! {
        <p>{scope_name}</p>
        {if p.rows.is_empty() {
            view! { <p class="empty">{lang.pick("기록이 없습니다.", "No records.")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{lang.pick("시각", "When")}</th>
                                <th scope="col">{lang.pick("누가", "Who")}</th>
                                <th scope="col">{lang.pick("무엇을", "What")}</th>
                                <th scope="col">{lang.pick("어디서", "Where")}</th>
                                <th scope="col">{lang.pick("대상", "Subject")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {p.rows.iter().map(|r| view! {
                                <tr>
                                    <td class="num">{r.at.clone()}</td>
                                    <td>{r.actor.clone().unwrap_or_else(|| lang.pick("운영자 (명령줄)", "Operator (CLI)").into())}</td>
                                    <td>{action_label(lang, &r.action)}</td>
                                    <td>{r.dong.as_ref().or(r.district.as_ref()).map(|d| d.name(lang)).unwrap_or_default()}</td>
                                    <td>{r.subject.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        <nav class="pager" aria-label=lang.pick("쪽 이동", "Pages")>
            {(p.page > 1).then(|| view! { <a href=link(p.page - 1)>{lang.pick("← 이전", "← Newer")}</a> })}
            <span>{format!("{} / {}", p.page, p.pages)}</span>
            {(p.page < p.pages).then(|| view! { <a href=link(p.page + 1)>{lang.pick("다음 →", "Older →")}</a> })}
        </nav>
    }
}
