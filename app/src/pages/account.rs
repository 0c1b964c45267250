//! The account page: who I am here (account number, verified residency, roles), my settings,
//! my sign-in methods, my API tokens, my data, and deleting my account.

use crate::api::identity::{
    CreateToken, DeleteAccount, MovedOut, RevokeToken, UnlinkIdentity, UpdateAccount, load_account,
};
use crate::components::Loaded;
use crate::components::form::{ConfirmBox, FormDone, FormError, has_news};
use crate::domain::identity::TokenScope;
use crate::domain::lang::Lang;
use crate::dto::{Account, Named};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let update = ServerAction::<UpdateAccount>::new();
    let unlink = ServerAction::<UnlinkIdentity>::new();
    let create_token = ServerAction::<CreateToken>::new();
    let revoke_token = ServerAction::<RevokeToken>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let moved = ServerAction::<MovedOut>::new();
    let data = Resource::new(
        move || {
            (
                update.version().get(),
                unlink.version().get(),
                create_token.version().get(),
                revoke_token.version().get(),
                moved.version().get(),
            )
        },
        |_| load_account(),
    );
    view! {
        <Title text=lang.pick("내 정보", "My account") />
        <h1>{lang.pick("내 정보", "My account")}</h1>
        <Loaded data=data let:a>
            <AccountView a update unlink create_token revoke_token delete moved />
        </Loaded>
    }
}

#[component]
fn AccountView(
    a: Account,
    update: ServerAction<UpdateAccount>,
    unlink: ServerAction<UnlinkIdentity>,
    create_token: ServerAction<CreateToken>,
    revoke_token: ServerAction<RevokeToken>,
    delete: ServerAction<DeleteAccount>,
    moved: ServerAction<MovedOut>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let linked_elsewhere = use_query_map().read_untracked().get("error").is_some_and(|e| e == "linked_elsewhere");
    let new_token = {
        let initial = a.new_token.clone();
        move || create_token.value().get().and_then(Result::ok).or_else(|| initial.clone())
    };
    view! {
        <section class="panel" aria-labelledby="who-heading">
            <h2 id="who-heading">{a.me.display_name.clone()}</h2>
            <dl class="facts">
                <dt>{lang.pick("계정 번호", "Account number")}</dt>
                <dd>
                    <strong class="num">{format!("#{}", a.me.id)}</strong>
                    <span class="hint">
                        {lang.pick(" 주민센터에서 거주 확인을 받을 때 알려 주세요.", " Give it to the center staff to verify your residency.")}
                    </span>
                </dd>
                <dt>{lang.pick("거주 확인", "Residency")}</dt>
                <dd>
                    {match &a.residency {
                        Some(r) => view! {
                            <span class="badge badge-ok">
                                {match lang {
                                    Lang::Ko => format!("{} 확인된 주민", r.dong.name(lang)),
                                    Lang::En => format!("verified resident of {}", r.dong.name(lang)),
                                }}
                            </span>
                            <span class="hint">
                                {format!(
                                    " {} · {}{}",
                                    r.verified_on,
                                    r.method.label(lang),
                                    r.expires_on.as_ref().map(|d| format!(" · {} {d}", lang.pick("유효기간", "valid until"))).unwrap_or_default()
                                )}
                            </span>
                            <div class="moved-out">
                            <details class="confirm">
                                <summary>{lang.pick("이사했어요", "I moved out")}</summary>
                                <ActionForm action=moved attr:class="stack">
                                    <p class="hint">
                                        {lang.pick(
                                            "거주 확인이 끝나면 이 동에서 제안하거나 투표할 수 없습니다. 새로 사는 동의 주민센터에서 다시 확인을 받으세요.",
                                            "Once your residency ends you can no longer propose or vote in this dong. Have the center of your new dong verify you.",
                                        )}
                                    </p>
                                    <ConfirmBox label=lang.pick("이 동에서 이사했습니다.", "I have moved out of this dong.") />
                                    <button type="submit" class="btn btn-danger btn-small">
                                        {lang.pick("거주 확인 끝내기", "End my residency")}
                                    </button>
                                    <FormError action=moved />
                                </ActionForm>
                            </details>
                            </div>
                        }
                            .into_any(),
                        None => view! {
                            <span>
                                {lang.pick(
                                    "아직 거주 확인이 되지 않았습니다. 신분증을 가지고 주민센터를 방문하세요. 확인된 주민만 제안하고 투표할 수 있습니다.",
                                    "Not verified yet. Visit your community service center with an ID: only verified residents can propose and vote.",
                                )}
                            </span>
                        }
                            .into_any(),
                    }}
                </dd>
                {(!a.me.roles.is_empty()).then(|| view! {
                    <dt>{lang.pick("역할", "Roles")}</dt>
                    <dd>
                        <ul class="plain">
                            {a.me.roles.clone().into_iter().map(|r| view! {
                                <li>{format!("{}{}", r.role.label(lang), r.scope.as_ref().map(|s| format!(" · {}", s.name(lang))).unwrap_or_default())}</li>
                            }).collect_view()}
                        </ul>
                    </dd>
                })}
            </dl>
        </section>

        <section class="panel" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{lang.pick("설정", "Settings")}</h2>
            <ActionForm action=update attr:class="stack">
                <label for="display_name">{lang.pick("이름", "Name")}</label>
                <input id="display_name" name="display_name" required maxlength="40" value=a.me.display_name.clone() />
                <label for="lang">{lang.pick("사용 언어", "Language")}</label>
                <select id="lang" name="lang">
                    <option value="ko" selected=a.lang == "ko">"한국어"</option>
                    <option value="en" selected=a.lang == "en">"English"</option>
                </select>
                <label class="check">
                    <input type="checkbox" name="stay_signed_in" value="on" checked=a.stay_signed_in disabled=a.privileged />
                    {lang.pick("로그인 상태 유지 (30일)", "Stay signed in (30 days)")}
                </label>
                {a.privileged.then(|| view! {
                    <p class="hint">
                        {lang.pick(
                            "직원·전문가·관리자는 보안을 위해 30분 동안 활동이 없으면 로그아웃됩니다.",
                            "Staff, experts and administrators are signed out after 30 idle minutes, for security.",
                        )}
                    </p>
                })}
                <FormError action=update />
                <FormDone action=update text=lang.pick("저장했습니다.", "Saved.") />
                <button type="submit" class="btn">{lang.pick("저장", "Save")}</button>
            </ActionForm>
        </section>

        <crate::pages::messages::MessagesSection />

        <section class="panel" aria-labelledby="methods-heading">
            <h2 id="methods-heading">{lang.pick("로그인 방법", "Sign-in methods")}</h2>
            {linked_elsewhere.then(|| view! {
                <p class="form-error" role="alert">
                    {lang.pick("그 로그인은 이미 다른 계정에 연결되어 있습니다.", "That sign-in is already linked to another account.")}
                </p>
            })}
            {if a.identities.is_empty() {
                view! {
                    <p class="empty">
                        {lang.pick(
                            "연결된 간편 로그인이 없습니다. 주민센터 코드로 로그인하고 있습니다.",
                            "No online account is linked; you sign in with codes from your center.",
                        )}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="rows">
                        {a.identities.clone().into_iter().map(|i| view! {
                            <li>
                                <span>{format!("{} · {} {}", i.label, lang.pick("연결일", "linked"), i.linked_on)}</span>
                                <ActionForm action=unlink attr:class="inline-form">
                                    <input type="hidden" name="identity_id" value=i.id />
                                    <button type="submit" class="btn-quiet">{lang.pick("연결 해제", "Unlink")}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <FormError action=unlink />
            {a.linkable.clone().into_iter().map(|p| view! {
                <form method="post" action=format!("/auth/oauth/{}", p.id) class="inline-form">
                    <input type="hidden" name="link" value="1" />
                    <button type="submit" class="btn btn-secondary">{format!("{} {}", p.label, lang.pick("연결하기", "— link"))}</button>
                </form>
            }).collect_view()}
        </section>

        <section class="panel" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{lang.pick("API 토큰", "API tokens")}</h2>
            <p class="hint">
                {lang.pick(
                    "공개 API를 프로그램에서 쓸 때 필요합니다. 토큰은 만들 때 한 번만 보여 드립니다.",
                    "For programs using the public API. A token is shown once, when you create it.",
                )}
                " "
                <a href="/developers">{lang.pick("API 안내", "API documentation")}</a>
            </p>
            {move || new_token().map(|t| view! {
                <div class="token-once" role="status">
                    <p>{lang.pick("새 토큰입니다. 지금 복사해 두세요. 다시 볼 수 없습니다.", "Your new token. Copy it now: it will not be shown again.")}</p>
                    <code class="token">{t}</code>
                </div>
            })}
            {if a.tokens.is_empty() {
                view! { <p class="empty">{lang.pick("토큰이 없습니다.", "No tokens.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows">
                        {a.tokens.clone().into_iter().map(|t| view! {
                            <li>
                                <span>
                                    <strong>{t.name.clone()}</strong>
                                    {format!(
                                        " · {} · {} {}{}",
                                        if t.scope == TokenScope::Read { lang.pick("읽기", "read") } else { lang.pick("읽기·쓰기", "read-write") },
                                        lang.pick("만든 날", "created"),
                                        t.created_on,
                                        t.last_used_on.as_ref().map(|d| format!(" · {} {d}", lang.pick("마지막 사용", "last used"))).unwrap_or_default()
                                    )}
                                </span>
                                <ActionForm action=revoke_token attr:class="inline-form">
                                    <input type="hidden" name="token_id" value=t.id />
                                    <button type="submit" class="btn-quiet">{lang.pick("폐기", "Revoke")}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <ActionForm action=create_token attr:class="stack">
                <label for="token-name">{lang.pick("토큰 이름", "Token name")}</label>
                <input id="token-name" name="name" required maxlength="60" placeholder=lang.pick("예: 우리 모임 홈페이지", "e.g. our group's website") />
                <label for="token-scope">{lang.pick("권한", "Access")}</label>
                <select id="token-scope" name="scope">
                    <option value="read">{lang.pick("읽기만", "Read only")}</option>
                    <option value="read_write">{lang.pick("읽기와 쓰기", "Read and write")}</option>
                </select>
                <FormError action=create_token />
                <button type="submit" class="btn btn-secondary">{lang.pick("토큰 만들기", "Create token")}</button>
            </ActionForm>
        </section>

        <section class="panel" aria-labelledby="data-heading">
            <h2 id="data-heading">{lang.pick("내 데이터", "My data")}</h2>
            <p>
                <a href="/account/export.json" download="uri-dongne-my-data.json">
                    {lang.pick("내 데이터 내려받기 (JSON)", "Download my data (JSON)")}
                </a>
            </p>
            <details class="danger-zone" open=has_news(delete)>
                <summary>{lang.pick("계정 삭제", "Delete my account")}</summary>
                <p>
                    {lang.pick(
                        "계정을 삭제하면 이름·태어난 해·로그인 방법·토큰이 지워지고 다시 되돌릴 수 없습니다. 쓴 글과 투표 기록은 '탈퇴한 주민'의 것으로 남습니다.",
                        "Deleting removes your name, birth year, sign-in methods and tokens, and cannot be undone. What you wrote and your votes stay, shown as by a deleted account.",
                    )}
                </p>
                <ActionForm action=delete attr:class="stack">
                    <ConfirmBox label=lang.pick("위 내용을 이해했고 계정을 삭제합니다.", "I understand, delete my account.") />
                    <FormError action=delete />
                    <button type="submit" class="btn btn-danger">{lang.pick("계정 삭제", "Delete my account")}</button>
                </ActionForm>
            </details>
        </section>
    }
}
