//! The center staff's desk: register a resident at the counter and print their sign-in code,
//! verify residency in person, record a move out, and see the dong's residents. An account that
//! signs in online gets no plain code: one member of staff asks for a recovery code and a second
//! confirms it (the pending requests' panel).

use crate::api::identity::{
    ConfirmRecovery, EndResidency, RegisterResident, ReissueCode, RequestRecovery, VerifyResident, WithdrawRecovery,
    load_staff_dong, pending_recoveries, printable_code, staff_centers,
};
use crate::components::Loaded;
use crate::components::feedback::{Loading, access_error};
use crate::components::form::{FormDone, FormError};
use crate::components::layout::Breadcrumbs;
use crate::domain::identity::VerificationMethod;
use crate::domain::lang::Lang;
use crate::dto::{IssuedCode, Named, RecoveryRequestRow, ResidentRow, StaffDong};
use crate::error::AppError;
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/staff`: the centers the person works at.
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let lang = use_prefs().lang;
    let centers = Resource::new(|| (), |_| staff_centers());
    view! {
        <Title text=lang.pick("주민센터 업무", "Center desk") />
        <h1>{lang.pick("주민센터 업무", "Center desk")}</h1>
        <Loaded data=centers let:list>
            {if list.is_empty() {
                view! {
                    <p class="empty">
                        {lang.pick("담당하는 주민센터가 없습니다.", "You do not work at any center.")}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="card-grid">
                        {list.into_iter().map(|d| view! {
                            <li class="card">
                                <a href=format!("/staff/{}", d.code)>
                                    <span class="card-title">{d.name(lang)}</span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Loaded>
    }
}

fn method_options(lang: Lang, with_none: bool) -> impl IntoView {
    view! {
        {with_none.then(|| view! { <option value="none">{lang.pick("아직 확인하지 않음", "Not verified yet")}</option> })}
        {VerificationMethod::ALL
            .into_iter()
            .map(|m| view! { <option value=m.as_str() selected=m == VerificationMethod::IdCard>{m.label(lang)}</option> })
            .collect_view()}
    }
}

/// `/staff/:dong`: the desk of one center.
#[component]
pub fn StaffDongPage() -> impl IntoView {
    let params = use_params_map();
    let register = ServerAction::<RegisterResident>::new();
    let verify = ServerAction::<VerifyResident>::new();
    let end = ServerAction::<EndResidency>::new();
    let reissue = ServerAction::<ReissueCode>::new();
    let recovery = RecoveryActions {
        request: ServerAction::<RequestRecovery>::new(),
        confirm: ServerAction::<ConfirmRecovery>::new(),
        withdraw: ServerAction::<WithdrawRecovery>::new(),
    };
    let data = Resource::new(
        move || (params.read().get("dong").unwrap_or_default(), verify.version().get(), end.version().get()),
        |(dong, _, _)| load_staff_dong(dong),
    );
    view! {
        <Loaded data=data let:d>
            <StaffDongView d register verify end reissue recovery />
        </Loaded>
    }
}

/// The three steps of a recovery code: one member of staff asks, a second confirms (printing
/// it), or someone withdraws the request.
#[derive(Clone, Copy)]
struct RecoveryActions {
    request: ServerAction<RequestRecovery>,
    confirm: ServerAction<ConfirmRecovery>,
    withdraw: ServerAction<WithdrawRecovery>,
}

#[component]
fn StaffDongView(
    d: StaffDong,
    register: ServerAction<RegisterResident>,
    verify: ServerAction<VerifyResident>,
    end: ServerAction<EndResidency>,
    reissue: ServerAction<ReissueCode>,
    recovery: RecoveryActions,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let dong_name = d.dong.name(lang);
    let code = d.dong.code.clone();
    let (code_register, code_verify, code_unverified) = (code.clone(), code.clone(), code.clone());
    let code_recovery = code.clone();
    let title = format!("{} · {}", dong_name, lang.pick("주민센터 업무", "Center desk"));
    view! {
        <Title text=title.clone() />
        <Breadcrumbs items=vec![("/staff".into(), lang.pick("주민센터 업무", "Center desk").into())] current=dong_name.clone() />
        <h1>{title}</h1>
        <nav class="section-links" aria-label=lang.pick("센터 업무", "Center work")>
            <a class="btn-quiet" href=format!("/dongs/{code}/sections")>
                {lang.pick("담당 구역과 담당 공무원", "Sections and officials in charge")}
            </a>
            <a class="btn-quiet" href=format!("/staff/{code}/calls")>
                {lang.pick("전화·방문 알림 목록", "Call list")}
            </a>
        </nav>
        <div class="two-col">
            <section class="panel" aria-labelledby="register-heading">
                <h2 id="register-heading">{lang.pick("주민 등록과 로그인 코드", "Register a resident")}</h2>
                <p class="hint">
                    {lang.pick(
                        "온라인 계정이 없는 주민을 등록하고 일회용 로그인 코드를 인쇄해 드립니다. 주민등록번호는 받지 않습니다.",
                        "Register a resident without an online account and print a one-time sign-in code. Never take a resident registration number.",
                    )}
                </p>
                <ActionForm action=register attr:class="stack">
                    <input type="hidden" name="dong" value=code_register />
                    <label for="reg-name">{lang.pick("이름", "Name")}</label>
                    <input id="reg-name" name="display_name" required maxlength="40" autocomplete="off" />
                    <label for="reg-year">{lang.pick("태어난 해", "Birth year")}</label>
                    <input id="reg-year" name="birth_year" required inputmode="numeric" pattern="[0-9]{4}" maxlength="4" placeholder="1956" />
                    <label for="reg-method">{lang.pick("거주 확인", "Residency check")}</label>
                    <select id="reg-method" name="verified_method">{method_options(lang, true)}</select>
                    <FormError action=register />
                    <button type="submit" class="btn">{lang.pick("등록하고 코드 인쇄", "Register and print code")}</button>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="verify-heading">
                <h2 id="verify-heading">{lang.pick("거주 확인", "Verify residency")}</h2>
                <p class="hint">
                    {lang.pick(
                        "온라인으로 가입한 주민의 계정 번호(내 정보 화면의 #번호)를 입력하고, 확인한 방법을 고르세요.",
                        "Enter the account number the resident shows on their account page (#number) and how you checked.",
                    )}
                </p>
                <ActionForm action=verify attr:class="stack">
                    <input type="hidden" name="dong" value=code_verify />
                    <label for="ver-account">{lang.pick("계정 번호", "Account number")}</label>
                    <input id="ver-account" name="account" required inputmode="numeric" placeholder="1042" autocomplete="off" />
                    <label for="ver-method">{lang.pick("확인 방법", "How you checked")}</label>
                    <select id="ver-method" name="method">{method_options(lang, false)}</select>
                    <label for="ver-expires">{lang.pick("유효기간 (선택)", "Valid until (optional)")}</label>
                    <input id="ver-expires" name="expires_on" type="date" />
                    <FormError action=verify />
                    <FormDone action=verify text=lang.pick("거주를 확인했습니다.", "Residency verified.") />
                    <button type="submit" class="btn">{lang.pick("거주 확인", "Verify")}</button>
                </ActionForm>
            </section>
        </div>

        <RecoveryPanel dong=code_recovery recovery />

        <section aria-labelledby="verified-heading">
            <h2 id="verified-heading">
                {format!("{} ({})", lang.pick("확인된 주민", "Verified residents"), d.verified.len())}
            </h2>
            <FormError action=end />
            <FormError action=reissue />
            <FormError action=recovery.request />
            <FormDone
                action=recovery.request
                text=lang.pick(
                    "복구 코드를 요청했습니다. 다른 직원이 확인하면 코드가 인쇄됩니다.",
                    "Recovery code requested. It is printed when another member of staff confirms.",
                )
            />
            <ResidentTable rows=d.verified.clone() dong=code end reissue recovery verified=true />
        </section>
        <section aria-labelledby="unverified-heading">
            <h2 id="unverified-heading">
                {format!("{} ({})", lang.pick("창구 등록, 확인 전", "Registered here, not verified"), d.unverified.len())}
            </h2>
            <ResidentTable rows=d.unverified.clone() dong=code_unverified end reissue recovery verified=false />
        </section>
    }
}

#[component]
fn ResidentTable(
    rows: Vec<ResidentRow>,
    dong: String,
    end: ServerAction<EndResidency>,
    reissue: ServerAction<ReissueCode>,
    recovery: RecoveryActions,
    verified: bool,
) -> impl IntoView {
    let lang = use_prefs().lang;
    if rows.is_empty() {
        return view! { <p class="empty">{lang.pick("아직 없습니다.", "None yet.")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("이름", "Name")}</th>
                        <th scope="col">{lang.pick("태어난 해", "Born")}</th>
                        <th scope="col">{lang.pick("계정", "Account")}</th>
                        {verified.then(|| view! { <th scope="col">{lang.pick("확인", "Verified")}</th> })}
                        <th scope="col">{lang.pick("업무", "Actions")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let dong = dong.clone();
                        let dong2 = dong.clone();
                        view! {
                            <tr>
                                <td>{r.display_name.clone()}</td>
                                <td class="num">{r.birth_year.map(|y| y.to_string()).unwrap_or_default()}</td>
                                <td class="num">
                                    {format!("#{}", r.user_id)}
                                    {r.has_online_account.then(|| view! { <span class="hint">{lang.pick(" · 온라인", " · online")}</span> })}
                                </td>
                                {verified.then(|| view! {
                                    <td>
                                        {r.residency.as_ref().map(|res| format!(
                                            "{} · {}{}",
                                            res.verified_on,
                                            res.method.label(lang),
                                            res.verified_by.as_ref().map(|b| format!(" · {b}")).unwrap_or_default()
                                        ))}
                                    </td>
                                })}
                                <td class="actions">
                                    {if r.holds_role {
                                        view! {
                                            <span class="hint">
                                                {lang.pick("역할이 있는 분: 코드는 관리자가 발급합니다", "Holds a role: an administrator issues their codes")}
                                            </span>
                                        }.into_any()
                                    } else if !r.counter_account {
                                        view! {
                                            <span class="hint">
                                                {lang.pick(
                                                    "온라인으로 로그인하는 분: 가입한 서비스로 다시 로그인합니다",
                                                    "Signs in online: recovers through their sign-in provider",
                                                )}
                                            </span>
                                            <ActionForm action=recovery.request attr:class="inline-form">
                                                <input type="hidden" name="user_id" value=r.user_id />
                                                <button type="submit" class="btn-quiet">
                                                    {lang.pick("복구 코드 요청", "Ask for a recovery code")}
                                                </button>
                                            </ActionForm>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=reissue attr:class="inline-form">
                                                <input type="hidden" name="dong" value=dong.clone() />
                                                <input type="hidden" name="user_id" value=r.user_id />
                                                <button type="submit" class="btn-quiet">{lang.pick("새 코드", "New code")}</button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                    {verified.then(|| view! {
                                        <details class="confirm">
                                            <summary>{lang.pick("전출 처리", "Moved out")}</summary>
                                            <ActionForm action=end attr:class="inline-form">
                                                <input type="hidden" name="dong" value=dong2.clone() />
                                                <input type="hidden" name="user_id" value=r.user_id />
                                                <button type="submit" class="btn btn-danger btn-small">
                                                    {lang.pick("거주 확인 해제", "End residency")}
                                                </button>
                                            </ActionForm>
                                        </details>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The dong's recovery requests waiting for a second member of staff: who asked for whom, with
/// Confirm (for anyone but the requester and the person) and Withdraw.
#[component]
fn RecoveryPanel(dong: String, recovery: RecoveryActions) -> impl IntoView {
    let lang = use_prefs().lang;
    let RecoveryActions { request, confirm, withdraw } = recovery;
    let pending = Resource::new(
        move || (dong.clone(), request.version().get(), confirm.version().get(), withdraw.version().get()),
        |(dong, _, _, _)| pending_recoveries(dong),
    );
    view! {
        <section class="panel" aria-labelledby="recovery-heading">
            <h2 id="recovery-heading">{lang.pick("복구 코드 요청 (확인 대기)", "Recovery codes waiting for confirmation")}</h2>
            <p class="hint">
                {lang.pick(
                    "온라인으로 로그인하던 주민이 로그인 수단을 잃으면, 한 직원이 복구 코드를 요청하고 다른 직원이 확인해야 코드가 인쇄됩니다. 본인에게 알림이 갑니다.",
                    "When a resident who signs in online has lost their way in, one member of staff asks for a recovery code and another confirms it; only then is it printed. The person is told.",
                )}
            </p>
            <FormError action=confirm />
            <FormError action=withdraw />
            <FormDone action=withdraw text=lang.pick("요청을 취소했습니다.", "Request withdrawn.") />
            <Loaded data=pending let:rows>
                {if rows.is_empty() {
                    view! {
                        <p class="empty">{lang.pick("확인을 기다리는 요청이 없습니다.", "No requests are waiting.")}</p>
                    }
                        .into_any()
                } else {
                    view! { <RecoveryTable rows confirm withdraw /> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn RecoveryTable(
    rows: Vec<RecoveryRequestRow>,
    confirm: ServerAction<ConfirmRecovery>,
    withdraw: ServerAction<WithdrawRecovery>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("대상", "For")}</th>
                        <th scope="col">{lang.pick("요청한 직원", "Asked by")}</th>
                        <th scope="col">{lang.pick("요청 시각", "Asked at")}</th>
                        <th scope="col">{lang.pick("업무", "Actions")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td>{format!("{} (#{})", r.display_name, r.user_id)}</td>
                            <td>{format!("{} (#{})", r.requested_by, r.requested_by_id)}</td>
                            <td>{r.requested_at.clone()}</td>
                            <td class="actions">
                                {if r.may_confirm {
                                    view! {
                                        <ActionForm action=confirm attr:class="inline-form">
                                            <input type="hidden" name="request_id" value=r.id />
                                            <button type="submit" class="btn btn-small">
                                                {lang.pick("확인하고 코드 인쇄", "Confirm and print the code")}
                                            </button>
                                        </ActionForm>
                                    }.into_any()
                                } else {
                                    view! {
                                        <span class="hint">
                                            {lang.pick("다른 직원이 확인해야 합니다", "Another member of staff must confirm")}
                                        </span>
                                    }.into_any()
                                }}
                                <ActionForm action=withdraw attr:class="inline-form">
                                    <input type="hidden" name="request_id" value=r.id />
                                    <button type="submit" class="btn-quiet">{lang.pick("요청 취소", "Withdraw")}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/staff/:dong/codes/:id`: the printable sign-in code (only in the session that issued it).
#[component]
pub fn PrintCodePage() -> impl IntoView {
    let lang = use_prefs().lang;
    let params = use_params_map();
    let code = Resource::new(
        move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or_default(),
        printable_code,
    );
    view! {
        <Title text=lang.pick("로그인 코드 인쇄", "Print sign-in code") />
        <Suspense fallback=Loading>
            {move || {
                code.get()
                    .map(|res| match res {
                        Ok(c) => view! { <CodeSheet c /> }.into_any(),
                        Err(AppError::NotFound) => view! {
                            <section class="notice">
                                <p>
                                    {lang.pick(
                                        "이 코드는 더 이상 볼 수 없습니다. 코드는 읽을 수 있는 형태로 저장하지 않으므로, 필요하면 새 코드를 발급하세요.",
                                        "This code can no longer be shown: codes are never stored readably. Issue a new one if needed.",
                                    )}
                                </p>
                            </section>
                        }
                            .into_any(),
                        Err(e) => access_error(e),
                    })
            }}
        </Suspense>
    }
}

/// The sheet handed to the resident: both languages on paper, so it reads whoever gets it.
#[component]
fn CodeSheet(c: IssuedCode) -> impl IntoView {
    let lang = use_prefs().lang;
    let back = format!("/staff/{}", c.dong.code);
    view! {
        <p class="no-print">
            <a href=back>{lang.pick("← 주민센터 업무로", "← Back to the center desk")}</a>
        </p>
        <article class="code-sheet" aria-labelledby="sheet-title">
            <h1 id="sheet-title">"우리동네 로그인 코드 · Sign-in code"</h1>
            <p class="sheet-who">
                {format!("{} ({})", c.display_name, c.birth_year.map(|y| y.to_string()).unwrap_or_default())}
                " · "
                {format!("#{}", c.user_id)}
            </p>
            <p class="sheet-code" data-testid="sign-in-code">{c.code.clone()}</p>
            <ol class="sheet-steps">
                <li>"우리동네 사이트에서 [로그인]을 누르세요. · Open Uri-dongne and choose “Sign in”."</li>
                <li>"‘주민센터에서 받은 코드로’ 칸에 위 코드를 입력하세요. · Type the code above under “With a code from your center”."</li>
                <li>"코드는 한 번만 쓸 수 있습니다. · The code works once."</li>
            </ol>
            <p class="sheet-expiry">{format!("유효기간 · Valid until: {}", c.expires_at)}</p>
            <p class="sheet-center">{format!("{} · {}", c.center_name_ko, c.center_name_en)}</p>
        </article>
        <p class="no-print hint">
            {lang.pick(
                "인쇄: Ctrl+P (Mac은 ⌘+P). 이 화면을 닫으면 코드를 다시 볼 수 없습니다.",
                "Print with Ctrl+P (⌘+P on a Mac). Once you leave, this code cannot be shown again.",
            )}
        </p>
    }
}
