//! Signing in: with an online account (OAuth provider), or with a one-time code from the
//! community service center's counter.

use crate::api::identity::{SignInWithCode, sign_in_options};
use crate::components::feedback::Loading;
use crate::components::form::FormError;
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let providers = Resource::new(|| (), |_| sign_in_options());
    let sign_in = ServerAction::<SignInWithCode>::new();
    let error = use_query_map().read_untracked().get("error");
    let oauth_error = error.map(|e| match e.as_str() {
        "cancelled" => lang.pick("로그인을 취소했습니다.", "You cancelled the sign-in."),
        "expired" => {
            lang.pick("로그인 시간이 지났습니다. 다시 시도하세요.", "The sign-in took too long. Please try again.")
        }
        _ => lang.pick(
            "로그인하지 못했습니다. 다시 시도하거나 주민센터 코드로 로그인하세요.",
            "The sign-in did not work. Please try again, or use a code from your center.",
        ),
    });
    view! {
        <Title text=lang.pick("로그인", "Sign in") />
        <h1>{lang.pick("로그인", "Sign in")}</h1>
        {oauth_error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <div class="two-col">
            <section class="panel" aria-labelledby="oauth-heading">
                <h2 id="oauth-heading">{lang.pick("간편 로그인", "With an online account")}</h2>
                <Suspense fallback=Loading>
                    {move || {
                        providers
                            .get()
                            .map(|res| {
                                let list = res.unwrap_or_default();
                                if list.is_empty() {
                                    view! {
                                        <p class="empty">
                                            {lang.pick(
                                                "이 사이트에는 간편 로그인이 설정되어 있지 않습니다. 주민센터 코드로 로그인하세요.",
                                                "No online sign-in is configured on this site. Please use a code from your center.",
                                            )}
                                        </p>
                                    }
                                        .into_any()
                                } else {
                                    let first = format!("/auth/oauth/{}", list[0].id);
                                    view! {
                                        // One form, one button per provider: the checkbox applies to all.
                                        <form method="post" action=first class="stack">
                                            {list
                                                .into_iter()
                                                .map(|p| {
                                                    view! {
                                                        <button
                                                            type="submit"
                                                            class="btn btn-block"
                                                            formaction=format!("/auth/oauth/{}", p.id)
                                                        >
                                                            {format!("{} {}", p.label, lang.pick("(으)로 로그인", "— sign in"))}
                                                        </button>
                                                    }
                                                })
                                                .collect_view()}
                                            <label class="check">
                                                <input type="checkbox" name="stay_signed_in" value="on" />
                                                {lang.pick("로그인 상태 유지 (30일)", "Stay signed in (30 days)")}
                                            </label>
                                        </form>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
            </section>
            <section class="panel" aria-labelledby="code-heading">
                <h2 id="code-heading">{lang.pick("주민센터에서 받은 코드로", "With a code from your center")}</h2>
                <p class="hint">
                    {lang.pick(
                        "주민센터 창구에서 받은 12자리 일회용 코드를 입력하세요. 코드는 한 번만 쓸 수 있고 7일 동안 유효합니다.",
                        "Type the 12-character one-time code you got at the center's counter. It works once, for 7 days.",
                    )}
                </p>
                <ActionForm action=sign_in attr:class="stack">
                    <label for="code">{lang.pick("로그인 코드", "Sign-in code")}</label>
                    <input
                        id="code"
                        name="code"
                        required
                        autocomplete="one-time-code"
                        autocapitalize="characters"
                        spellcheck="false"
                        placeholder="ABCD-EFGH-JKMN"
                        class="code-input"
                    />
                    <label class="check">
                        <input type="checkbox" name="stay_signed_in" value="on" />
                        {lang.pick("로그인 상태 유지 (30일)", "Stay signed in (30 days)")}
                    </label>
                    <FormError action=sign_in />
                    <button type="submit" class="btn" disabled=move || sign_in.pending().get()>
                        {lang.pick("로그인", "Sign in")}
                    </button>
                </ActionForm>
            </section>
        </div>
    }
}
