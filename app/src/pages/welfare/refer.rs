//! For anyone: `/welfare/refer` (tell the dong's welfare team about a household that may need
//! help; first choose the district and the dong, unless the dong page linked here with `?dong=`),
//! `/welfare/status` (how a referral stands, by its receipt number), and the dong page's panel of
//! published figures. Plain words, large targets; every form works without JavaScript (the receipt
//! and the status wait in a short-lived sealed cookie until the page has shown them once).

use crate::api::geo::{get_district, get_dong, list_districts};
use crate::api::welfare::{Refer, ReferralStatus, load_figures, take_receipt, take_status};
use crate::components::Loaded;
use crate::components::feedback::error_view;
use crate::components::form::FormError;
use crate::components::layout::Breadcrumbs;
use crate::domain::lang::Lang;
use crate::domain::welfare::{CONTACT_MAX, NOTE_MAX, Need, PLACE_MAX, Urgency};
use crate::dto::welfare::ReferralReceipt;
use crate::dto::{DongDetail, Named};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn heading(lang: Lang) -> &'static str {
    lang.pick("도움이 필요한 이웃 알리기", "Tell us about a neighbour who may need help")
}

/// `/welfare/refer`, `?district=` to choose the dong, `?dong=` for the form.
#[component]
pub fn ReferralPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let dong = query.read_untracked().get("dong").unwrap_or_default();
    let district = query.read_untracked().get("district").unwrap_or_default();
    let refer = ServerAction::<Refer>::new();
    // the receipt of a referral just sent: after the plain form's redirect, or the enhanced
    // form's answer (taken from its sealed cookie either way, so it is shown once)
    let receipt = Resource::new(move || refer.version().get(), |_| take_receipt());
    view! {
        <Title text=heading(lang) />
        {if !dong.is_empty() {
            // the dong's form has its breadcrumbs above the heading, like every page
            view! { <ReferralFormFor code=dong refer receipt /> }.into_any()
        } else if !district.is_empty() {
            view! { <h1>{heading(lang)}</h1> <ReceiptSlot receipt /> <ChooseDong district /> }.into_any()
        } else {
            view! { <h1>{heading(lang)}</h1> <ReceiptSlot receipt /> <ChooseDistrict /> }.into_any()
        }}
        <p>
            <a href="/welfare/status">{lang.pick("알린 뒤 진행 상황 보기 (접수번호)", "See how a referral stands (receipt number)")}</a>
        </p>
    }
}

type ReceiptResource = Resource<Result<Option<ReferralReceipt>, crate::error::AppError>>;

/// Where the receipt of a referral just sent shows, if there is one.
#[component]
fn ReceiptSlot(receipt: ReceiptResource) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || receipt.get().and_then(Result::ok).flatten().map(|r| view! { <ReceiptBox r /> })}
        </Suspense>
    }
}

#[component]
fn ReceiptBox(r: ReferralReceipt) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <section class="panel token-once" role="status" aria-labelledby="receipt-heading">
            <h2 id="receipt-heading">{lang.pick("알려 주셔서 고맙습니다", "Thank you for telling us")}</h2>
            <p>{lang.pick("접수번호를 적어 두세요. 지금만 보여 드립니다.", "Write down your receipt number. It is shown only now.")}</p>
            <p class="sheet-code" data-receipt=r.receipt.clone()>{r.receipt.clone()}</p>
            <p class="hint">
                {lang.pick(
                    "이 번호로 ‘접수됨·살펴보는 중·마무리됨’만 확인할 수 있습니다. 이웃의 사정과 도움 내용은 이웃을 위해 알려 드리지 않습니다.",
                    "With this number you can see only whether it was received, is being looked into, or is closed. What the team finds and does stays between them and your neighbour.",
                )}
            </p>
        </section>
    }
}

/// Step 1: the district.
#[component]
fn ChooseDistrict() -> impl IntoView {
    let lang = use_prefs().lang;
    let districts = Resource::new(|| (), |_| list_districts());
    view! {
        <p class="lead">{lang.pick("이웃이 사는 구를 고르세요.", "Choose the district where your neighbour lives.")}</p>
        <Loaded data=districts error=error_view let:ds>
            <form method="get" action="/welfare/refer" class="stack wide-form">
                <label for="refer-district">{lang.pick("구", "District")}</label>
                <select id="refer-district" name="district" required>
                    {ds.into_iter().map(|d| view! { <option value=d.code.clone()>{d.name(lang)}</option> }).collect_view()}
                </select>
                <button type="submit" class="btn">{lang.pick("다음", "Next")}</button>
            </form>
        </Loaded>
    }
}

/// Step 2: the dong.
#[component]
fn ChooseDong(district: String) -> impl IntoView {
    let lang = use_prefs().lang;
    let detail = Resource::new(move || district.clone(), get_district);
    view! {
        <Loaded data=detail error=error_view let:d>
            <p class="lead">
                {format!("{} · {}", d.district.name(lang), lang.pick("이웃이 사는 동을 고르세요.", "choose your neighbour's dong."))}
            </p>
            <form method="get" action="/welfare/refer" class="stack wide-form">
                <label for="refer-dong">{lang.pick("동", "Dong")}</label>
                <select id="refer-dong" name="dong" required>
                    {d.dongs.into_iter().filter(|x| x.active).map(|x| view! { <option value=x.code.clone()>{x.name(lang)}</option> }).collect_view()}
                </select>
                <button type="submit" class="btn">{lang.pick("다음", "Next")}</button>
            </form>
            <p><a href="/welfare/refer">{lang.pick("다른 구 고르기", "Choose another district")}</a></p>
        </Loaded>
    }
}

#[component]
fn ReferralFormFor(code: String, refer: ServerAction<Refer>, receipt: ReceiptResource) -> impl IntoView {
    let detail = Resource::new(move || code.clone(), get_dong);
    view! {
        <Loaded data=detail error=error_view let:d>
            <ReferralForm d refer receipt />
        </Loaded>
    }
}

#[component]
fn ReferralForm(d: DongDetail, refer: ServerAction<Refer>, receipt: ReceiptResource) -> impl IntoView {
    let lang = use_prefs().lang;
    let dong_name = d.dong.name(lang);
    view! {
        <Breadcrumbs
            items=vec![(format!("/dongs/{}", d.dong.code), dong_name.clone())]
            current=heading(lang).to_owned()
        />
        <h1>{heading(lang)}</h1>
        <ReceiptSlot receipt />
        <p class="lead">
            {match lang {
                Lang::Ko => format!("{dong_name} 주민센터의 복지 담당 공무원에게 전해집니다. 이름은 묻지 않습니다."),
                Lang::En => format!("This goes to the welfare officials of {dong_name}'s community service center. We do not ask your name."),
            }}
        </p>
        <p class="notice-inline" role="note">
            <strong>{lang.pick("지금 위험하면 먼저 전화하세요: ", "If someone is in danger now, call first: ")}</strong>
            {lang.pick("119 (화재·구급), 112 (경찰), 129 (보건복지상담센터)", "119 (fire, ambulance), 112 (police), 129 (welfare helpline)")}
        </p>
        <ActionForm action=refer attr:class="stack wide-form" attr:id="referral-form">
            <input type="hidden" name="dong" value=d.dong.code.clone() />
            <ReferralFields />
            <FormError action=refer />
            <button type="submit" class="btn btn-block">{lang.pick("복지 담당자에게 알리기", "Send to the welfare team")}</button>
        </ActionForm>
        <p class="hint">
            {match lang {
                Lang::Ko => format!("알려 주신 내용은 암호화해 보관하고, {dong_name} 복지 담당 공무원과 구 복지 감독자만 봅니다. 다른 직원, 관리자, 주민은 볼 수 없습니다. 사례가 끝나고 보존 기간(기본 3년)이 지나면 지웁니다."),
                Lang::En => format!("What you write is stored encrypted and read only by {dong_name}'s welfare officials and the district's welfare supervisor — not other staff, administrators or residents. It is deleted when the retention period (3 years unless the city sets otherwise) has passed after the case closes."),
            }}
        </p>
    }
}

/// The fields of a referral, shared by the web form and the team's counter form.
#[component]
pub(super) fn ReferralFields() -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <fieldset>
            <legend>{lang.pick("무엇을 보셨나요? (여러 개 고를 수 있어요)", "What did you notice? (choose any)")}</legend>
            {Need::ALL.into_iter().map(|n| view! {
                <label class="check">
                    <input type="checkbox" name="needs[]" value=n.as_str() />
                    {n.label(lang)}
                </label>
            }).collect_view()}
        </fieldset>
        <fieldset>
            <legend>{lang.pick("얼마나 급한가요?", "How urgent is it?")}</legend>
            {Urgency::ALL.into_iter().map(|u| view! {
                <label class="check">
                    <input type="radio" name="urgency" value=u.as_str() required checked=u == Urgency::Soon />
                    {u.label(lang)}
                </label>
            }).collect_view()}
        </fieldset>
        <label for="refer-place">{lang.pick("어디인가요? (주소나 눈에 띄는 곳)", "Where? (an address or a landmark)")}</label>
        <input id="refer-place" name="place" required minlength="2" maxlength=PLACE_MAX.to_string()
            placeholder=lang.pick("예: 연희로 12 파란 대문 2층", "e.g. 연희로 12, blue gate, 2nd floor") />
        <label for="refer-note">{lang.pick("본 것을 적어 주세요 (선택)", "What you saw, in your words (optional)")}</label>
        <textarea id="refer-note" name="note" rows="4" maxlength=NOTE_MAX.to_string()
            placeholder=lang.pick("예: 일주일째 우편물이 쌓이고 밤에 불이 켜지지 않아요.", "e.g. Mail has piled up for a week and the lights stay off at night.")></textarea>
        <label for="refer-contact">{lang.pick("내 연락처 (선택)", "Your phone or e-mail (optional)")}</label>
        <input id="refer-contact" name="contact" maxlength=CONTACT_MAX.to_string() autocomplete="tel" />
        <label class="check">
            <input type="checkbox" name="may_contact" value="on" />
            {lang.pick("담당자가 더 물어보려고 연락해도 괜찮아요", "The team may contact me to ask more")}
        </label>
    }
}

/// `/welfare/status`
#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let ask = ServerAction::<ReferralStatus>::new();
    let answer = Resource::new(move || ask.version().get(), |_| take_status());
    let title = lang.pick("알린 이웃 진행 상황", "How a referral stands");
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <p class="lead">
            {lang.pick(
                "알릴 때 받은 접수번호를 넣으세요. 접수됨·살펴보는 중·마무리됨만 알려 드립니다.",
                "Enter the receipt number you were given. You will see only whether it was received, is being looked into, or is closed.",
            )}
        </p>
        <Suspense fallback=|| ()>
            {move || answer.get().and_then(Result::ok).flatten().map(|a| view! {
                <section class="panel" role="status" aria-labelledby="status-heading">
                    <h2 id="status-heading">{a.receipt.clone()}</h2>
                    <p class="stat" data-status=format!("{:?}", a.status)>{a.status.label(lang)}</p>
                </section>
            })}
        </Suspense>
        <ActionForm action=ask attr:class="stack wide-form">
            <label for="receipt">{lang.pick("접수번호", "Receipt number")}</label>
            <input id="receipt" name="receipt" required maxlength="40" autocomplete="off" autocapitalize="characters"
                placeholder="WB-7KQ4-M2XN-HD" />
            <FormError action=ask />
            <button type="submit" class="btn">{lang.pick("확인", "Check")}</button>
        </ActionForm>
        <p><a href="/welfare/refer">{heading(lang)}</a></p>
    }
}

/// The dong page's panel: how to refer, and the figures of the last twelve months.
#[component]
pub fn WelfareFiguresPanel(code: String, dong_name: String) -> impl IntoView {
    let lang = use_prefs().lang;
    let refer_href = format!("/welfare/refer?dong={code}");
    let figures = Resource::new(move || code.clone(), load_figures);
    view! {
        <section class="panel" aria-labelledby="welfare-heading">
            <h2 id="welfare-heading">{lang.pick("이웃이 걱정되나요?", "Worried about a neighbour?")}</h2>
            <p>
                {match lang {
                    Lang::Ko => format!("{dong_name} 주민센터 복지 담당자가 찾아갑니다. 이름을 밝히지 않고 알릴 수 있습니다."),
                    Lang::En => format!("{dong_name}'s welfare team will visit. You need not give your name."),
                }}
            </p>
            <p class="actions">
                <a class="btn" href=refer_href>{lang.pick("도움이 필요한 이웃 알리기", "Tell us about a neighbour")}</a>
                <a class="btn-quiet" href="/welfare/status">{lang.pick("진행 상황 보기", "Check a referral")}</a>
            </p>
            <Suspense fallback=|| ()>
                {move || figures.get().and_then(Result::ok).map(|f| {
                    let shown: Vec<_> = f.months.into_iter().filter(|m| m.received.is_some()).collect();
                    let cell = move |n: Option<u64>| n.map_or_else(|| lang.pick("5 미만", "under 5").to_owned(), |n| n.to_string());
                    if shown.is_empty() {
                        view! {
                            <p class="hint">
                                {lang.pick(
                                    "최근 12개월 동안 공개할 만큼의 신고가 없었습니다 (한 달 5건 미만은 이웃을 보호하려고 공개하지 않습니다).",
                                    "No month of the last twelve had enough referrals to publish (fewer than 5 in a month are not shown, to protect neighbours).",
                                )}
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <caption>{lang.pick("이웃 알림과 도움 (월별, 5건 미만은 공개하지 않음)", "Referrals and help by month (under 5 not shown)")}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.pick("월", "Month")}</th>
                                        <th scope="col" class="num">{lang.pick("알림", "Referred")}</th>
                                        <th scope="col" class="num">{lang.pick("방문", "Visited")}</th>
                                        <th scope="col" class="num">{lang.pick("서비스 연계", "Linked")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {shown.into_iter().map(|m| view! {
                                            <tr>
                                                <th scope="row">{m.month.clone()}</th>
                                                <td class="num">{cell(m.received)}</td>
                                                <td class="num">{cell(m.visited)}</td>
                                                <td class="num">{cell(m.linked)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}
