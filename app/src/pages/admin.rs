//! Administrators: appoint and remove experts, center staff and administrators; propose welfare
//! roles and confirm (or turn down) another administrator's proposals; and the audit log (also
//! open to experts, for their district).

use crate::api::identity::{
    ConfirmRoleProposal, DeclineRoleProposal, GrantRole, ProposeRole, RevokeRole, audit_log, role_grants,
    role_proposals,
};
use crate::components::Loaded;
use crate::components::form::{FormDone, FormError};
use crate::domain::roles::Role;
use crate::dto::{AuditPage, GrantRow, Named, RoleProposalRow};
use crate::error::AppError;
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The page's server actions.
#[derive(Clone, Copy)]
struct RoleActions {
    grant: ServerAction<GrantRole>,
    revoke: ServerAction<RevokeRole>,
    propose: ServerAction<ProposeRole>,
    confirm: ServerAction<ConfirmRoleProposal>,
    decline: ServerAction<DeclineRoleProposal>,
}

/// `/admin/roles`
#[component]
pub fn RolesPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let actions = RoleActions {
        grant: ServerAction::<GrantRole>::new(),
        revoke: ServerAction::<RevokeRole>::new(),
        propose: ServerAction::<ProposeRole>::new(),
        confirm: ServerAction::<ConfirmRoleProposal>::new(),
        decline: ServerAction::<DeclineRoleProposal>::new(),
    };
    let data = Resource::new(
        move || {
            (
                actions.grant.version().get(),
                actions.revoke.version().get(),
                actions.propose.version().get(),
                actions.confirm.version().get(),
                actions.decline.version().get(),
            )
        },
        |_| async move { Ok::<_, AppError>((role_grants().await?, role_proposals().await?)) },
    );
    view! {
        <Title text=lang.pick("역할 관리", "Roles") />
        <h1>{lang.pick("역할 관리", "Roles")}</h1>
        <Loaded data=data let((rows, proposals))>
            <RolesView rows proposals actions />
        </Loaded>
    }
}

#[component]
fn RolesView(rows: Vec<GrantRow>, proposals: Vec<RoleProposalRow>, actions: RoleActions) -> impl IntoView {
    let lang = use_prefs().lang;
    let RoleActions { grant, revoke, propose, .. } = actions;
    view! {
        <section class="panel" aria-labelledby="grant-heading">
            <h2 id="grant-heading">{lang.pick("역할 부여", "Grant a role")}</h2>
            <p class="hint">
                {lang.pick(
                    "직원은 동 코드(10자리, 예: 1141058500), 전문가는 구 코드(예: 1141000000)를 범위로 넣으세요. 관리자는 범위가 없습니다. 자기 자신에게는 역할을 부여하거나 해제할 수 없습니다. 역할이 바뀌면 그 사람의 로그인 코드, 로그인 상태, 토큰, 간편 로그인 연결이 모두 끝나고, 본인에게 알림이 갑니다.",
                    "Center staff take a dong code (10 digits, e.g. 1141058500); experts a district code (e.g. 1141000000); administrators no scope. No one grants or revokes their own roles. A change of roles ends the person's sign-in codes, sessions, tokens and linked sign-ins, and they are told.",
                )}
            </p>
            <ActionForm action=grant attr:class="stack">
                <label for="grant-account">{lang.pick("계정 번호", "Account number")}</label>
                <input id="grant-account" name="account" required inputmode="numeric" autocomplete="off" />
                <label for="grant-role">{lang.pick("역할", "Role")}</label>
                <select id="grant-role" name="role">
                    <option value=Role::CenterStaff.as_str()>{Role::CenterStaff.label(lang)}</option>
                    <option value=Role::Expert.as_str()>{Role::Expert.label(lang)}</option>
                    <option value=Role::Admin.as_str()>{Role::Admin.label(lang)}</option>
                </select>
                <label for="grant-scope">{lang.pick("범위 (동 또는 구 코드)", "Scope (dong or district code)")}</label>
                <input id="grant-scope" name="scope_code" inputmode="numeric" autocomplete="off" />
                <FormError action=grant />
                <FormDone action=grant text=lang.pick("역할을 부여했습니다.", "Role granted.") />
                <button type="submit" class="btn">{lang.pick("부여", "Grant")}</button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="propose-heading">
            <h2 id="propose-heading">{lang.pick("복지 역할 제안", "Propose a welfare role")}</h2>
            <p class="hint">
                {lang.pick(
                    "복지 역할은 관리자 두 명이 필요합니다. 복지 담당 공무원·방문간호사·구 복지 총괄은 복지 사례를 열람할 수 있으므로, 한 관리자가 제안하고 제안한 사람도 대상자도 아닌 다른 관리자가 승인해야 부여됩니다. 그 구의 복지 총괄에게도 알림이 갑니다. 공무원·방문간호사는 동 코드, 구 복지 총괄은 구 코드를 넣으세요.",
                    "A welfare role needs a second administrator. Welfare officers, visiting nurses and district welfare supervisors can read welfare cases, so one administrator proposes and a different administrator — neither the proposer nor the person it is for — confirms before the role is granted. The district's welfare supervisor is told too. Officers and nurses take a dong code; supervisors a district code.",
                )}
            </p>
            <ActionForm action=propose attr:class="stack">
                <label for="propose-account">{lang.pick("계정 번호", "Account number")}</label>
                <input id="propose-account" name="account" required inputmode="numeric" autocomplete="off" />
                <label for="propose-role">{lang.pick("복지 역할", "Welfare role")}</label>
                <select id="propose-role" name="role">
                    <option value=Role::WelfareOfficer.as_str()>{Role::WelfareOfficer.label(lang)}</option>
                    <option value=Role::VisitingNurse.as_str()>{Role::VisitingNurse.label(lang)}</option>
                    <option value=Role::WelfareSupervisor.as_str()>{Role::WelfareSupervisor.label(lang)}</option>
                </select>
                <label for="propose-scope">{lang.pick("범위 (동 또는 구 코드)", "Scope (dong or district code)")}</label>
                <input id="propose-scope" name="scope_code" required inputmode="numeric" autocomplete="off" />
                <FormError action=propose />
                <FormDone
                    action=propose
                    text=lang.pick(
                        "제안했습니다 — 두 번째 관리자의 승인을 기다립니다.",
                        "Proposed — waiting for a second administrator.",
                    )
                />
                <button type="submit" class="btn">{lang.pick("제안", "Propose")}</button>
            </ActionForm>
        </section>
        <ProposalsView proposals actions />
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
                                        <td>{g.role.role.label(lang)}</td>
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

/// The welfare roles waiting for a second administrator, with Confirm / Turn down for those the
/// viewer may decide (forms that work without JavaScript).
#[component]
fn ProposalsView(proposals: Vec<RoleProposalRow>, actions: RoleActions) -> impl IntoView {
    let lang = use_prefs().lang;
    let RoleActions { confirm, decline, .. } = actions;
    view! {
        <section aria-labelledby="proposals-heading">
            <h2 id="proposals-heading">
                {format!("{} ({})", lang.pick("승인을 기다리는 복지 역할", "Welfare roles waiting for a second administrator"), proposals.len())}
            </h2>
            <FormError action=confirm />
            <FormDone action=confirm text=lang.pick("승인했습니다. 역할이 부여되었습니다.", "Confirmed: the role is granted.") />
            <FormError action=decline />
            <FormDone action=decline text=lang.pick("제안을 거절했습니다.", "Proposal turned down.") />
            {if proposals.is_empty() {
                view! { <p class="empty">{lang.pick("기다리는 제안이 없습니다.", "No proposals waiting.")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{lang.pick("대상자", "For")}</th>
                                    <th scope="col">{lang.pick("역할", "Role")}</th>
                                    <th scope="col">{lang.pick("범위", "Scope")}</th>
                                    <th scope="col">{lang.pick("제안한 관리자", "Proposed by")}</th>
                                    <th scope="col">{lang.pick("제안 시각", "Proposed at")}</th>
                                    <th scope="col">{lang.pick("결정", "Decision")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {proposals.into_iter().map(|p| view! {
                                    <tr>
                                        <td>{format!("{} (#{})", p.display_name, p.user_id)}</td>
                                        <td>{p.role.role.label(lang)}</td>
                                        <td>{p.role.scope.as_ref().map(|s| s.name(lang)).unwrap_or_default()}</td>
                                        <td>{format!("{} (#{})", p.proposed_by, p.proposed_by_id)}</td>
                                        <td class="num">{p.proposed_at.clone()}</td>
                                        <td>
                                            {if p.may_decide {
                                                view! {
                                                    <ActionForm action=confirm attr:class="inline-form">
                                                        <input type="hidden" name="proposal_id" value=p.id />
                                                        <button type="submit" class="btn btn-small">{lang.pick("승인", "Confirm")}</button>
                                                    </ActionForm>
                                                    <ActionForm action=decline attr:class="inline-form">
                                                        <input type="hidden" name="proposal_id" value=p.id />
                                                        <button type="submit" class="btn btn-danger btn-small">{lang.pick("거절", "Turn down")}</button>
                                                    </ActionForm>
                                                }
                                                    .into_any()
                                            } else {
                                                view! {
                                                    <span class="hint">
                                                        {lang.pick(
                                                            "다른 관리자가 승인해야 합니다 (제안자나 대상자는 승인할 수 없습니다).",
                                                            "Another administrator must confirm (not the proposer, not the person it is for).",
                                                        )}
                                                    </span>
                                                }
                                                    .into_any()
                                            }}
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
                "역할 부여, 거주 확인, 코드 발급 같은 권한 있는 작업의 기록입니다. 기록은 고치거나 지울 수 없습니다. 복지 사례 업무의 기록은 여기에 없고, 동 복지팀과 구 복지 감독자만 봅니다.",
                "Privileged actions: role grants, residency verifications, code issuance. Records cannot be changed or deleted. The welfare team's case work is not here: only the dong's welfare team and the district's welfare supervisor read its log.",
            )}
        </p>
        <Loaded data=data let:p>
            <AuditTable p />
        </Loaded>
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
        "role.proposed" => lang.pick("복지 역할 제안", "Welfare role proposed"),
        "role.proposal_confirmed" => lang.pick("복지 역할 제안 승인", "Welfare role proposal confirmed"),
        "role.proposal_declined" => lang.pick("복지 역할 제안 거절", "Welfare role proposal turned down"),
        "recovery.requested" => lang.pick("복구 코드 요청", "Recovery code asked for"),
        "recovery.confirmed" => lang.pick("복구 코드 확인·발급", "Recovery code confirmed and printed"),
        "recovery.withdrawn" => lang.pick("복구 코드 요청 취소", "Recovery request withdrawn"),
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
