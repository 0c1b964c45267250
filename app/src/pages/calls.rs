//! `/staff/:dong/calls`: the center's call list. Residents with no e-mail or phone of their own
//! are told by a call or a visit: what to tell whom (printable: the browser's Print leaves out
//! the forms), each marked done; the residents who asked, recorded at the counter with their
//! consent; and the messages that could not be delivered, to try again or to put on the list.

use crate::api::messaging::{CallDone, RecordCallRequest, RescueMessage, WithdrawCallRequest, load_call_list};
use crate::components::Loaded;
use crate::components::form::{ConfirmBox, FormDone, FormError};
use crate::components::layout::Breadcrumbs;
use crate::domain::lang::Lang;
use crate::domain::messaging::{Topic, call_consent_wording};
use crate::domain::moderation::NoticeKind;
use crate::dto::{CallEntry, CallListView, Named};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What to tell, in the reader's language: the notice's sentence and what it is about.
fn what(lang: Lang, e: &CallEntry) -> String {
    let sentence = NoticeKind::parse(&e.event).map(|k| k.text(lang)).unwrap_or_default();
    if e.subject.is_empty() { sentence.to_owned() } else { format!("{sentence}: {}", e.subject) }
}

#[component]
pub fn CallListPage() -> impl IntoView {
    let params = use_params_map();
    let done = ServerAction::<CallDone>::new();
    let record = ServerAction::<RecordCallRequest>::new();
    let withdraw = ServerAction::<WithdrawCallRequest>::new();
    let rescue = ServerAction::<RescueMessage>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("dong").unwrap_or_default(),
                done.version().get(),
                record.version().get(),
                withdraw.version().get(),
                rescue.version().get(),
            )
        },
        |(dong, ..)| load_call_list(dong),
    );
    view! {
        <Loaded data=data let:v>
            <CallListView v done record withdraw rescue />
        </Loaded>
    }
}

#[component]
fn CallListView(
    v: CallListView,
    done: ServerAction<CallDone>,
    record: ServerAction<RecordCallRequest>,
    withdraw: ServerAction<WithdrawCallRequest>,
    rescue: ServerAction<RescueMessage>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let dong_name = v.dong.name(lang);
    let code = v.dong.code.clone();
    let title = format!("{} · {}", dong_name, lang.pick("전화·방문 알림 목록", "Call list"));
    let open_count = v.open.len() as u64 + v.more;
    view! {
        <Title text=title.clone() />
        <Breadcrumbs
            items=vec![
                ("/staff".into(), lang.pick("주민센터 업무", "Center desk").into()),
                (format!("/staff/{code}"), dong_name.clone()),
            ]
            current=lang.pick("전화·방문 알림 목록", "Call list").to_owned()
        />
        <h1>{title}</h1>
        <p class="hint no-print">
            {lang.pick(
                "전자우편이나 휴대전화가 없는 주민에게 전화하거나 찾아가 알려 드릴 목록입니다. 브라우저의 인쇄(Ctrl+P)로 뽑으면 입력란 없이 목록만 인쇄됩니다.",
                "What to tell residents who have no e-mail or phone of their own, by a call or a visit. Your browser's Print (Ctrl+P) prints the list without the forms.",
            )}
        </p>

        <section aria-labelledby="open-heading">
            <h2 id="open-heading">{format!("{} ({open_count})", lang.pick("알려 드릴 것", "To tell"))}</h2>
            <FormError action=done />
            {if v.open.is_empty() {
                view! { <p class="empty">{lang.pick("지금 알려 드릴 것이 없습니다.", "Nothing to tell just now.")}</p> }
                    .into_any()
            } else {
                view! { <CallTable rows=v.open.clone() done=Some(done) /> }.into_any()
            }}
            {(v.more > 0).then(|| view! {
                <p class="hint">
                    {match lang {
                        Lang::Ko => format!("오래된 것부터 {}건을 보여 줍니다. 처리하면 나머지 {}건이 이어서 보입니다.", v.open.len(), v.more),
                        Lang::En => format!("The oldest {} are shown; the other {} follow as these are done.", v.open.len(), v.more),
                    }}
                </p>
            })}
        </section>

        {(!v.done.is_empty()).then(|| view! {
            <section aria-labelledby="done-heading" class="no-print">
                <h2 id="done-heading">{lang.pick("최근에 알려 드린 것", "Told lately")}</h2>
                <CallTable rows=v.done.clone() done=None />
            </section>
        })}

        <section aria-labelledby="failed-heading" class="no-print">
            <h2 id="failed-heading">{format!("{} ({})", lang.pick("보내지 못한 알림", "Messages not delivered"), v.failed.len())}</h2>
            <p class="hint">
                {lang.pick(
                    "여러 번 보내도 닿지 않은 알림입니다. 다시 보내거나, 전화·방문 목록에 옮겨 직접 알려 드리세요.",
                    "Messages that did not arrive after every try. Send one again, or move it to the call list and tell the resident yourself.",
                )}
            </p>
            <FormError action=rescue />
            {if v.failed.is_empty() {
                view! { <p class="empty">{lang.pick("보내지 못한 알림이 없습니다.", "Every message arrived.")}</p> }.into_any()
            } else {
                let code = code.clone();
                view! {
                    <div class="table-wrap">
                        <table class="table stack-on-phone">
                            <thead>
                                <tr>
                                    <th scope="col">{lang.pick("주민", "Resident")}</th>
                                    <th scope="col">{lang.pick("알림", "Message")}</th>
                                    <th scope="col">{lang.pick("까닭", "Why")}</th>
                                    <th scope="col">{lang.pick("처리", "Actions")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {v.failed.clone().into_iter().map(|m| {
                                    let sentence = NoticeKind::parse(&m.event).map(|k| k.text(lang)).unwrap_or_default();
                                    let (code_retry, code_call) = (code.clone(), code.clone());
                                    view! {
                                        <tr>
                                            <td>{format!("{} #{}", m.name, m.account)}</td>
                                            <td>
                                                {format!("{sentence}: {}", m.subject)}
                                                <span class="hint">{format!(" · {} · {}", m.channel.label(lang), m.at)}</span>
                                            </td>
                                            <td class="hint">{m.reason.clone()}</td>
                                            <td class="call-actions">
                                                <ActionForm action=rescue attr:class="inline-form">
                                                    <input type="hidden" name="dong" value=code_retry />
                                                    <input type="hidden" name="message_id" value=m.id />
                                                    <input type="hidden" name="how" value="retry" />
                                                    <button type="submit" class="btn-quiet">{lang.pick("다시 보내기", "Send again")}</button>
                                                </ActionForm>
                                                <ActionForm action=rescue attr:class="inline-form">
                                                    <input type="hidden" name="dong" value=code_call />
                                                    <input type="hidden" name="message_id" value=m.id />
                                                    <input type="hidden" name="how" value="call" />
                                                    <button type="submit" class="btn-quiet">{lang.pick("전화·방문 목록으로", "Move to the call list")}</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="requests-heading" class="no-print">
            <h2 id="requests-heading">
                {format!("{} ({})", lang.pick("전화·방문으로 알림을 받는 주민", "Residents told by a call or a visit"), v.requests.len())}
            </h2>
            <FormError action=withdraw />
            {if v.requests.is_empty() {
                view! { <p class="empty">{lang.pick("아직 없습니다.", "None yet.")}</p> }.into_any()
            } else {
                let code = code.clone();
                view! {
                    <div class="table-wrap">
                        <table class="table stack-on-phone">
                            <thead>
                                <tr>
                                    <th scope="col">{lang.pick("주민", "Resident")}</th>
                                    <th scope="col">{lang.pick("전화번호", "Phone")}</th>
                                    <th scope="col">{lang.pick("알림 종류", "Kinds of message")}</th>
                                    <th scope="col">{lang.pick("동의", "Consent")}</th>
                                    <th scope="col">{lang.pick("처리", "Actions")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {v.requests.clone().into_iter().map(|r| {
                                    let code = code.clone();
                                    let topics = r.topics.iter().map(|t| t.label(lang)).collect::<Vec<_>>().join(", ");
                                    view! {
                                        <tr>
                                            <td>{format!("{} #{}", r.name, r.account)}</td>
                                            <td class="nowrap">{r.phone.clone().unwrap_or_else(|| lang.pick("방문", "visit").to_owned())}</td>
                                            <td>{topics}</td>
                                            <td class="hint">{format!("{} · {}", r.consented, r.recorded_by)}</td>
                                            <td class="call-actions">
                                                <details class="confirm">
                                                    <summary>{lang.pick("그만 받기", "Stop")}</summary>
                                                    <ActionForm action=withdraw attr:class="stack">
                                                        <input type="hidden" name="dong" value=code />
                                                        <input type="hidden" name="account" value=r.account />
                                                        <ConfirmBox label=lang.pick(
                                                            "주민이 그만 받겠다고 했습니다. 전화번호를 지웁니다.",
                                                            "The resident asked to stop. Remove their number.",
                                                        ) />
                                                        <button type="submit" class="btn btn-danger btn-small">{lang.pick("그만 받기", "Stop")}</button>
                                                    </ActionForm>
                                                </details>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>

        <section class="panel no-print" aria-labelledby="record-heading">
            <h2 id="record-heading">{lang.pick("창구에서 신청 받기", "Record a request at the counter")}</h2>
            <p class="hint">
                {lang.pick(
                    "이 동에 사는 것을 확인한 주민의 계정 번호와, 전화나 방문으로 알려 드릴 알림을 고르세요. 아래 문장을 읽어 드리고 동의를 받은 뒤 확인란에 표시하세요. 다시 기록하면 바뀝니다.",
                    "Enter the account number of a verified resident of this dong and the kinds of message to tell them by a call or a visit. Read them the sentence below and tick the box once they agree. Recording again replaces it.",
                )}
            </p>
            <ActionForm action=record attr:class="stack">
                <input type="hidden" name="dong" value=code.clone() />
                <label for="call-account">{lang.pick("계정 번호", "Account number")}</label>
                <input id="call-account" name="account" required inputmode="numeric" placeholder="1042" autocomplete="off" />
                <label for="call-phone">{lang.pick("전화번호 (없으면 방문)", "Phone number (none: a visit)")}</label>
                <input id="call-phone" name="phone" type="tel" inputmode="tel" placeholder="010-1234-5678" autocomplete="off" maxlength="20" />
                <fieldset>
                    <legend>{lang.pick("알려 드릴 알림", "Kinds of message")}</legend>
                    {Topic::CHOOSABLE.into_iter().map(|t| {
                        let id = format!("call-topic-{}", t.as_str());
                        view! {
                            <label class="check" for=id.clone()>
                                <input type="checkbox" id=id.clone() name=t.as_str() />
                                {t.label(lang)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <p class="consent-wording">{call_consent_wording(lang)}</p>
                <label class="check">
                    <input type="checkbox" name="consent" value="on" required />
                    {lang.pick("주민이 위 내용에 동의했습니다.", "The resident agreed to the above.")}
                </label>
                <FormError action=record />
                <FormDone action=record text=lang.pick("기록했습니다. 주민에게도 알렸습니다.", "Recorded. The resident was told.") />
                <button type="submit" class="btn">{lang.pick("기록하기", "Record")}</button>
            </ActionForm>
        </section>
    }
}

/// Entries to tell (with Done) or told.
#[component]
fn CallTable(rows: Vec<CallEntry>, done: Option<ServerAction<CallDone>>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <div class="table-wrap">
            <table class="table call-list stack-on-phone">
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("주민", "Resident")}</th>
                        <th scope="col">{lang.pick("전화번호", "Phone")}</th>
                        <th scope="col">{lang.pick("알려 드릴 것", "What to tell")}</th>
                        <th scope="col" class="since">{lang.pick("생긴 때", "Since")}</th>
                        <th scope="col">{if done.is_some() { lang.pick("알려 드림", "Told") } else { lang.pick("알려 드린 때", "Told on") }}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|e| {
                        let said = what(lang, &e);
                        view! {
                            <tr>
                                <td>{format!("{} #{}", e.name, e.account)}</td>
                                <td class="nowrap">{e.phone.clone().unwrap_or_else(|| lang.pick("방문", "visit").to_owned())}</td>
                                <td>{said}</td>
                                <td class="hint since">{e.since.clone()}</td>
                                <td class="call-actions">
                                    {match (done, e.done.clone()) {
                                        (Some(action), _) => view! {
                                            <ActionForm action=action attr:class="inline-form">
                                                <input type="hidden" name="entry_id" value=e.id />
                                                <button type="submit" class="btn-quiet">{lang.pick("알려 드렸음", "Done")}</button>
                                            </ActionForm>
                                            <span class="print-box" aria-hidden="true">"☐"</span>
                                        }.into_any(),
                                        (None, told) => view! { <span class="hint">{told.unwrap_or_default()}</span> }.into_any(),
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
