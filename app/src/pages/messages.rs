//! Off-site messages, as people meet them: the messages section of the account page (addresses,
//! and what to receive how often), the page a confirmation link opens, the page an unsubscribe
//! link opens, and the development outbox. Every form works without JavaScript.

use crate::api::messaging::{
    AddEmail, AddPhone, ConfirmContact, ConfirmPhone, RemoveContact, SetPreference, Unsubscribe, load_dev_outbox,
    load_messaging, load_unsubscribe,
};
use crate::components::Loaded;
use crate::components::form::{ConfirmBox, FormDone, FormError};
use crate::domain::lang::Lang;
use crate::domain::messaging::{Channel, Frequency, WEEKDAYS, consent_wording};
use crate::dto::{ContactView, MessagingView, PreferenceView};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The account page's "messages" section (anchor `#messages`).
#[component]
pub fn MessagesSection() -> impl IntoView {
    let add = ServerAction::<AddEmail>::new();
    let add_phone = ServerAction::<AddPhone>::new();
    let confirm_phone = ServerAction::<ConfirmPhone>::new();
    let remove = ServerAction::<RemoveContact>::new();
    let set = ServerAction::<SetPreference>::new();
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                add_phone.version().get(),
                confirm_phone.version().get(),
                remove.version().get(),
                set.version().get(),
            )
        },
        |_| load_messaging(),
    );
    let actions = Actions { add, add_phone, confirm_phone, remove, set };
    view! {
        <Loaded data=data let:v>
            <MessagesView v actions />
        </Loaded>
    }
}

/// The section's forms.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddEmail>,
    add_phone: ServerAction<AddPhone>,
    confirm_phone: ServerAction<ConfirmPhone>,
    remove: ServerAction<RemoveContact>,
    set: ServerAction<SetPreference>,
}

#[component]
fn MessagesView(v: MessagingView, actions: Actions) -> impl IntoView {
    let lang = use_prefs().lang;
    let Actions { add, add_phone, confirm_phone, remove, set } = actions;
    let contact = |channel: Channel| v.contacts.iter().find(|c| c.channel == channel).cloned();
    let email = contact(Channel::Email);
    let phone = contact(Channel::Alimtalk);
    let confirmed = |c: &Option<ContactView>| c.as_ref().is_some_and(|c| c.verified);
    let (email_ok, phone_ok) = (confirmed(&email), confirmed(&phone));
    let phone_waiting = phone.as_ref().is_some_and(|p| !p.verified);
    let rows = |channel: Channel, enabled: bool| {
        v.preferences
            .iter()
            .filter(|p| p.channel == channel)
            .cloned()
            .map(|p| view! { <PreferenceRow p enabled set /> })
            .collect_view()
    };
    let email_rows = rows(Channel::Email, email_ok);
    let phone_rows = rows(Channel::Alimtalk, phone_ok);
    view! {
        <section class="panel" id="messages" aria-labelledby="messages-heading">
            <h2 id="messages-heading">{lang.pick("알림 받기", "Messages")}</h2>
            <p class="hint">
                {lang.pick(
                    "사이트의 종 모양 알림 말고도, 고른 알림을 전자우편이나 카카오톡(카카오톡이 없으면 문자)으로 받을 수 있습니다. 밤 9시부터 아침 8시까지는 급한 알림만 보냅니다.",
                    "Besides the bell on the site, you can receive the messages you choose by e-mail or KakaoTalk (a text message where there is no KakaoTalk). From 21:00 to 08:00 only urgent ones are sent.",
                )}
            </p>
            {(!v.email_configured || !v.alimtalk_configured).then(|| view! {
                <p class="hint">
                    {lang.pick(
                        "이 서버는 아직 일부 알림을 밖으로 보내지 않습니다 (개발용 서버는 보낼 메시지를 /dev/outbox 에 보여 줍니다).",
                        "This server does not send every kind of message yet (a development server shows its messages at /dev/outbox).",
                    )}
                </p>
            })}
            <FormDone action=remove text=lang.pick("지웠습니다.", "Removed.") />
            <h3>{lang.pick("전자우편 주소", "E-mail address")}</h3>
            <ContactLine contact=email.clone() channel=Channel::Email remove />
            <ActionForm action=add attr:class="stack">
                <label for="email">
                    {if email.is_some() { lang.pick("새 주소", "New address") } else { lang.pick("주소", "Address") }}
                </label>
                <input id="email" name="email" type="email" required maxlength="254" autocomplete="email" inputmode="email" placeholder="name@example.com" />
                <FormError action=add />
                <FormDone action=add text=lang.pick("확인 링크를 보냈습니다. 24시간 안에 메일의 링크를 여세요.", "We sent a confirmation link. Open it within 24 hours.") />
                <button type="submit" class="btn btn-secondary">{lang.pick("확인 링크 보내기", "Send a confirmation link")}</button>
            </ActionForm>

            <h3>{lang.pick("휴대전화 번호 (카카오톡·문자)", "Mobile number (KakaoTalk, text)")}</h3>
            <ContactLine contact=phone.clone() channel=Channel::Alimtalk remove />
            {if v.alimtalk_offered {
                view! {
                    <PhoneForms waiting=phone_waiting replacing=phone.is_some() add_phone confirm_phone />
                }.into_any()
            } else {
                view! {
                    <p class="hint">
                        {lang.pick(
                            "이 서버는 아직 카카오톡과 문자를 보내지 않습니다.",
                            "This server does not send KakaoTalk or text messages yet.",
                        )}
                    </p>
                }.into_any()
            }}

            <h3>{lang.pick("무엇을, 얼마나 자주", "What, and how often")}</h3>
            <p class="consent-wording">{consent_wording(lang)}</p>
            <FormError action=set />
            <FormDone action=set text=lang.pick("저장했습니다.", "Saved.") />
            <h4>{Channel::Email.label(lang)}</h4>
            {(!email_ok).then(|| view! {
                <p class="hint">{lang.pick("주소를 확인하면 고를 수 있습니다.", "Confirm an address first to choose.")}</p>
            })}
            <ul class="rows preference-rows">{email_rows}</ul>
            <h4>{Channel::Alimtalk.label(lang)}</h4>
            {(!phone_ok).then(|| view! {
                <p class="hint">{lang.pick("번호를 확인하면 고를 수 있습니다.", "Confirm a number first to choose.")}</p>
            })}
            <ul class="rows preference-rows">{phone_rows}</ul>
        </section>
    }
}

/// The forms of a mobile number: the code that waits, and a (new) number.
#[component]
fn PhoneForms(
    waiting: bool,
    replacing: bool,
    add_phone: ServerAction<AddPhone>,
    confirm_phone: ServerAction<ConfirmPhone>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        {waiting.then(|| view! {
            <ActionForm action=confirm_phone attr:class="stack">
                <label for="phone-code">{lang.pick("받은 인증번호 6자리", "The 6-digit code you received")}</label>
                <input id="phone-code" name="code" type="text" required maxlength="12" inputmode="numeric" autocomplete="one-time-code" placeholder="042917" />
                <FormError action=confirm_phone />
                <button type="submit" class="btn">{lang.pick("번호 확인", "Confirm the number")}</button>
            </ActionForm>
        })}
        <FormDone action=confirm_phone text=lang.pick("번호를 확인했습니다.", "Number confirmed.") />
        <ActionForm action=add_phone attr:class="stack">
            <label for="phone">
                {if replacing { lang.pick("새 번호", "New number") } else { lang.pick("번호", "Number") }}
            </label>
            <input id="phone" name="phone" type="tel" required maxlength="20" autocomplete="tel" inputmode="tel" placeholder="010-1234-5678" />
            <FormError action=add_phone />
            <FormDone action=add_phone text=lang.pick("인증번호를 보냈습니다. 10분 안에 위 칸에 넣으세요.", "We sent a code. Enter it above within 10 minutes.") />
            <button type="submit" class="btn btn-secondary">{lang.pick("인증번호 받기", "Send me a code")}</button>
        </ActionForm>
    }
}

/// A person's address for one channel: masked, whether it is confirmed, and its removal.
#[component]
fn ContactLine(contact: Option<ContactView>, channel: Channel, remove: ServerAction<RemoveContact>) -> impl IntoView {
    let lang = use_prefs().lang;
    let phone = channel == Channel::Alimtalk;
    let waiting_hint = if phone {
        lang.pick(
            " 문자나 카카오톡으로 받은 인증번호를 아래에 넣으세요. 안 왔다면 번호를 다시 넣어 새 인증번호를 받으세요.",
            " Enter the code you received by KakaoTalk or text below. None came? Enter the number again for a new code.",
        )
    } else {
        lang.pick(
            " 보낸 메일의 링크를 여세요. 안 왔다면 주소를 다시 넣어 새 링크를 받으세요.",
            " Open the link in the message we sent. None came? Enter the address again for a new link.",
        )
    };
    let remove_label = if phone {
        lang.pick("이 번호를 지웁니다.", "Remove this number.")
    } else {
        lang.pick("이 주소를 지웁니다.", "Remove this address.")
    };
    match contact {
        Some(c) => view! {
            <p>
                <strong class="num">{c.masked.clone()}</strong>
                " "
                {if c.verified {
                    view! { <span class="badge badge-ok">{lang.pick("확인됨", "confirmed")}</span> }.into_any()
                } else {
                    view! {
                        <span class="badge">{lang.pick("확인 기다리는 중", "waiting for confirmation")}</span>
                        <span class="hint">{waiting_hint}</span>
                    }.into_any()
                }}
            </p>
            <details class="confirm">
                <summary>{if phone { lang.pick("번호 지우기", "Remove this number") } else { lang.pick("주소 지우기", "Remove this address") }}</summary>
                <ActionForm action=remove attr:class="stack">
                    <input type="hidden" name="channel" value=channel.as_str() />
                    <p class="hint">
                        {if phone {
                            lang.pick(
                                "번호를 지우면 카카오톡과 문자로는 아무것도 보내지 않습니다. 고른 알림은 남아 있다가 새 번호를 확인하면 다시 보냅니다.",
                                "Once removed, nothing is sent by KakaoTalk or text. Your choices stay and apply again once you confirm a new number.",
                            )
                        } else {
                            lang.pick(
                                "주소를 지우면 전자우편으로는 아무것도 보내지 않습니다. 고른 알림은 남아 있다가 새 주소를 확인하면 다시 보냅니다.",
                                "Once removed, nothing is sent by e-mail. Your choices stay and apply again once you confirm a new address.",
                            )
                        }}
                    </p>
                    <ConfirmBox label=remove_label />
                    <button type="submit" class="btn btn-danger btn-small">{lang.pick("지우기", "Remove")}</button>
                    <FormError action=remove />
                </ActionForm>
            </details>
        }
        .into_any(),
        None => view! {
            <p class="empty">{if phone { lang.pick("등록한 번호가 없습니다.", "No number yet.") } else { lang.pick("등록한 주소가 없습니다.", "No address yet.") }}</p>
        }
        .into_any(),
    }
}

#[component]
fn PreferenceRow(p: PreferenceView, enabled: bool, set: ServerAction<SetPreference>) -> impl IntoView {
    let lang = use_prefs().lang;
    let current = if p.on { p.frequency.clone() } else { "off".to_owned() };
    let day = p.weekday.unwrap_or(0);
    let id = format!("freq-{}-{}", p.channel.as_str(), p.topic.as_str());
    let options: [(&str, &str, &str); 4] = [
        ("off", "받지 않음", "Off"),
        ("at_once", "바로", "At once"),
        ("daily", "매일 아침 7시에 모아서", "Daily at 07:00, together"),
        ("weekly", "매주 한 번 모아서", "Weekly, together"),
    ];
    view! {
        <li>
            <ActionForm action=set attr:class="inline-form preference">
                <input type="hidden" name="topic" value=p.topic.as_str() />
                <input type="hidden" name="channel" value=p.channel.as_str() />
                {p.on.then(|| view! { <input type="hidden" name="was_on" value="on" /> })}
                <label for=id.clone()><strong>{p.topic.label(lang)}</strong></label>
                <select id=id name="frequency" disabled=!enabled>
                    {options.into_iter().map(|(value, ko, en)| view! {
                        <option value=value selected=current == value>{lang.pick(ko, en)}</option>
                    }).collect_view()}
                </select>
                <select name="weekday" aria-label=lang.pick("요일 (매주일 때)", "Day (for weekly)") disabled=!enabled>
                    {WEEKDAYS.into_iter().enumerate().map(|(i, (ko, en))| view! {
                        <option value=i.to_string() selected=usize::from(day) == i>
                            {match lang { Lang::Ko => format!("{ko}요일"), Lang::En => en.to_owned() }}
                        </option>
                    }).collect_view()}
                </select>
                {(!p.on).then(|| view! {
                    <label class="check">
                        <input type="checkbox" name="consent" value="on" disabled=!enabled />
                        {lang.pick("위 내용에 동의", "I agree to the above")}
                    </label>
                })}
                <button type="submit" class="btn btn-small" disabled=!enabled>{lang.pick("저장", "Save")}</button>
                {p.consented_on.clone().map(|d| view! {
                    <span class="hint">
                        {format!(
                            "{} · {} {d}",
                            Frequency::parse(&p.frequency, p.weekday.map(|w| w.to_string()).as_deref()).map(|f| f.label(lang)).unwrap_or_default(),
                            lang.pick("동의한 날", "agreed on"),
                        )}
                    </span>
                })}
            </ActionForm>
        </li>
    }
}

/// `/account/confirm?t=…`: the page a confirmation link opens. Opening it changes nothing (mail
/// scanners open links); the button confirms.
#[component]
pub fn ConfirmContactPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let confirm = ServerAction::<ConfirmContact>::new();
    let token = use_query_map().read_untracked().get("t").unwrap_or_default();
    view! {
        <Title text=lang.pick("주소 확인", "Confirm your address") />
        <h1>{lang.pick("주소 확인", "Confirm your address")}</h1>
        <section class="panel">
            <p>
                {lang.pick(
                    "이 주소로 우리동네의 알림을 받으려면 아래 단추를 누르세요. 로그인하지 않아도 됩니다.",
                    "Press the button below to receive Uri-dongne's messages at this address. No sign-in needed.",
                )}
            </p>
            <ActionForm action=confirm attr:class="stack">
                <input type="hidden" name="t" value=token />
                <FormError action=confirm />
                <FormDone action=confirm text=lang.pick("확인했습니다. 이제 내 정보에서 받을 알림을 고르세요.", "Confirmed. Choose what to receive on your account page.") />
                <button type="submit" class="btn">{lang.pick("확인", "Confirm")}</button>
            </ActionForm>
            <p><a href="/account#messages">{lang.pick("내 정보의 알림 받기로", "To my messages settings")}</a></p>
        </section>
    }
}

/// `/unsubscribe?m=…&s=…`: what the link turns off, and the button that does it (once).
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let lang = use_prefs().lang;
    let act = ServerAction::<Unsubscribe>::new();
    let query = use_query_map().read_untracked().clone();
    let m = query.get("m").unwrap_or_default();
    let s = query.get("s").unwrap_or_default();
    let data = {
        let (m, s) = (m.clone(), s.clone());
        Resource::new(move || act.version().get(), move |_| load_unsubscribe(m.clone(), s.clone()))
    };
    let (m, s) = (StoredValue::new(m), StoredValue::new(s));
    view! {
        <Title text=lang.pick("알림 그만 받기", "Stop these messages") />
        <h1>{lang.pick("알림 그만 받기", "Stop these messages")}</h1>
        <Loaded data=data let:u>
            <section class="panel">
                {if u.used {
                    view! {
                        <p role="status" class="form-done">
                            {match lang {
                                Lang::Ko => format!("'{}' 알림을 {}(으)로 보내지 않습니다.", u.topic.label(lang), u.channel.label(lang)),
                                Lang::En => format!("'{}' messages are no longer sent by {}.", u.topic.label(lang), u.channel.label(lang)),
                            }}
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <p>
                            {match lang {
                                Lang::Ko => format!("'{}' 알림을 {}(으)로 그만 받으시겠어요? 다른 알림은 그대로 받습니다.", u.topic.label(lang), u.channel.label(lang)),
                                Lang::En => format!("Stop '{}' messages by {}? Other messages stay as they are.", u.topic.label(lang), u.channel.label(lang)),
                            }}
                        </p>
                        <ActionForm action=act attr:class="stack">
                            <input type="hidden" name="m" value=m.get_value() />
                            <input type="hidden" name="s" value=s.get_value() />
                            <FormError action=act />
                            <button type="submit" class="btn">{lang.pick("그만 받기", "Stop them")}</button>
                        </ActionForm>
                    }.into_any()
                }}
                <p><a href="/account#messages">{lang.pick("받는 알림 모두 보기 (로그인)", "See everything I receive (sign in)")}</a></p>
            </section>
        </Loaded>
    }
}

/// `/dev/outbox`: the development outbox (404 in production).
#[component]
pub fn DevOutboxPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let data = Resource::new(|| (), |_| load_dev_outbox());
    view! {
        <Title text=lang.pick("개발용 보낼 편지함", "Development outbox") />
        <h1>{lang.pick("개발용 보낼 편지함", "Development outbox")}</h1>
        <p class="hint">
            {lang.pick(
                "SMTP를 설정하지 않은 개발 서버가 보냈을 메시지입니다. 운영 서버에는 이 쪽이 없습니다.",
                "What a development server without SMTP would have sent. Production has no such page.",
            )}
        </p>
        <Loaded data=data let:list>
            {if list.is_empty() {
                view! { <p class="empty">{lang.pick("아직 메시지가 없습니다.", "No messages yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows dev-outbox">
                        {list.into_iter().map(|m| view! {
                            <li>
                                <article>
                                    <h2 class="h3">{m.subject.clone()}</h2>
                                    <p class="hint">
                                        {format!("{} · {} · {} · {} · {}", m.recipient, m.channel.label(lang), m.state.label(lang), m.event, m.not_before)}
                                    </p>
                                    <pre class="message-text">{m.text.clone()}</pre>
                                </article>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loaded>
    }
}
