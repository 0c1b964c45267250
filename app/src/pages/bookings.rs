//! Bookings: one's own (`/bookings`, with the private calendar feed), one booking
//! (`/bookings/:id`), the center's console for staff (`/dongs/:code/spaces/console`: requests,
//! check-in and no-shows, closures, walk-in bookings, the no-show rule) and the district
//! expert's overview (`/districts/:code/spaces`).

pub mod spaces;

use crate::api::bookings::{
    AddBlackout, BookWalkIn, CancelBooking, DecideBooking, MarkBooking, RemoveBlackout, RenewFeed, RevokeFeed,
    SetNoShowRule, load_booking, load_console, load_district_spaces, load_my_bookings,
};
use crate::components::Loaded;
use crate::components::form::{ConfirmBox, FormDone, FormError};
use crate::components::layout::Breadcrumbs;
use crate::domain::booking::{Span, day_string, span_label};
use crate::domain::lang::Lang;
use crate::domain::money::format_won;
use crate::dto::Named;
use crate::dto::bookings::{BlackoutView, BookingView};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The actions a booking row offers, as the flags in its view allow.
#[derive(Clone, Copy)]
struct Actions {
    cancel: ServerAction<CancelBooking>,
    decide: Option<ServerAction<DecideBooking>>,
    mark: Option<ServerAction<MarkBooking>>,
}

#[component]
fn BookingCard(b: BookingView, actions: Actions) -> impl IntoView {
    let lang = use_prefs().lang;
    let id = b.id;
    let when = span_label(lang, Span { start: b.start, end: b.end });
    let staff_cancel = b.can_decide || b.can_check_in || b.can_mark_no_show || b.booker_name.is_some();
    view! {
        <li class="card" data-testid=format!("booking-{id}")>
            <a class="card-title" href=format!("/bookings/{id}")>{format!("{} · {when}", b.space_name)}</a>
            <p class="card-meta">
                <span class=format!("badge status-{}", b.status.as_str())>{b.status.label(lang)}</span>
                " " {b.purpose.clone()} " · " {match lang { Lang::Ko => format!("{}명", b.attendees), Lang::En => format!("{} people", b.attendees) }}
                {(b.fee > 0).then(|| view! { " · " <span class="num">{format_won(b.fee, lang)}</span> })}
                {b.group.clone().map(|g| view! { " · " {g.name} })}
                {b.walk_in_name.clone().map(|n| view! { " · " {lang.pick("방문 예약: ", "Walk-in: ")} {n} })}
                {b.booker_name.clone().filter(|_| b.walk_in_name.is_none()).map(|n| view! { " · " {n} })}
                {b.series_id.map(|_| view! { " · " {lang.pick("반복 예약", "Series")} })}
            </p>
            {b.reason.clone().map(|r| view! { <p class="card-meta">{lang.pick("사유: ", "Reason: ")} {r}</p> })}
            <div class="actions">
                {actions.decide.filter(|_| b.can_decide).map(|decide| view! {
                    <ActionForm action=decide attr:class="inline-form">
                        <input type="hidden" name="booking_id" value=id.to_string() />
                        <input type="hidden" name="decision" value="approve" />
                        <button type="submit" class="btn">{lang.pick("승인", "Approve")}</button>
                    </ActionForm>
                    <details class="inline-details">
                        <summary>{lang.pick("거절하기", "Decline")}</summary>
                        <ActionForm action=decide attr:class="stack">
                            <input type="hidden" name="booking_id" value=id.to_string() />
                            <input type="hidden" name="decision" value="decline" />
                            <label for=format!("decline-{id}")>{lang.pick("거절 사유 (신청한 사람에게 보임)", "Reason (shown to the booker)")}</label>
                            <input id=format!("decline-{id}") name="reason" required minlength="2" maxlength="300" />
                            <button type="submit" class="btn-quiet">{lang.pick("거절", "Decline")}</button>
                        </ActionForm>
                    </details>
                })}
                {actions.mark.filter(|_| b.can_check_in || b.can_mark_no_show).map(|mark| view! {
                    {b.can_check_in.then(|| view! {
                        <ActionForm action=mark attr:class="inline-form">
                            <input type="hidden" name="booking_id" value=id.to_string() />
                            <input type="hidden" name="mark" value="check_in" />
                            <button type="submit" class="btn">{lang.pick("입실 확인", "Check in")}</button>
                        </ActionForm>
                    })}
                    {b.can_mark_no_show.then(|| view! {
                        <ActionForm action=mark attr:class="inline-form">
                            <input type="hidden" name="booking_id" value=id.to_string() />
                            <input type="hidden" name="mark" value="no_show" />
                            <button type="submit" class="btn-quiet">{lang.pick("오지 않음 표시", "Mark no-show")}</button>
                        </ActionForm>
                    })}
                })}
                {b.can_cancel.then(|| view! {
                    <details class="inline-details">
                        <summary>{lang.pick("예약 취소", "Cancel booking")}</summary>
                        <ActionForm action=actions.cancel attr:class="stack">
                            <input type="hidden" name="booking_id" value=id.to_string() />
                            {staff_cancel.then(|| view! {
                                <label for=format!("cancel-{id}")>{lang.pick("취소 사유 (예약한 사람에게 보임)", "Reason (shown to the booker)")}</label>
                                <input id=format!("cancel-{id}") name="reason" minlength="2" maxlength="300" />
                            })}
                            <ConfirmBox label=lang.pick("이 예약을 취소합니다", "Yes, cancel this booking") />
                            <button type="submit" class="btn-quiet">{lang.pick("취소하기", "Cancel it")}</button>
                        </ActionForm>
                    </details>
                })}
            </div>
        </li>
    }
}

#[component]
fn BookingList(rows: Vec<BookingView>, actions: Actions, empty: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! { <ul class="card-list">{rows.into_iter().map(|b| view! { <BookingCard b actions /> }).collect_view()}</ul> }
        .into_any()
}

/// `/bookings`.
#[component]
pub fn MyBookingsPage() -> impl IntoView {
    let query = use_query_map();
    let cancel = ServerAction::<CancelBooking>::new();
    let renew = ServerAction::<RenewFeed>::new();
    let revoke = ServerAction::<RevokeFeed>::new();
    let data = Resource::new(
        move || (cancel.version().get(), renew.version().get(), revoke.version().get()),
        |_| load_my_bookings(),
    );
    let lang = use_prefs().lang;
    let actions = Actions { cancel, decide: None, mark: None };
    view! {
        <Title text=lang.pick("내 예약", "My bookings") />
        <h1>{lang.pick("내 예약", "My bookings")}</h1>
        <FormError action=cancel />
        <FormDone action=cancel text=lang.pick("예약을 취소했습니다.", "Booking cancelled.") />
        <Loaded data=data let:d>
            {
                let token = renew.value().get().and_then(Result::ok).or_else(|| query.read_untracked().get("feed"));
                view! {
                    <section aria-labelledby="upcoming-heading">
                        <h2 id="upcoming-heading">{lang.pick("다가오는 예약", "Upcoming")}</h2>
                        <BookingList rows=d.upcoming.clone() actions empty=lang.pick("다가오는 예약이 없습니다. 동 페이지에서 공간을 골라 예약해 보세요.", "No upcoming bookings. Pick a space on your dong's page.") />
                    </section>
                    <section id="feed" aria-labelledby="feed-heading">
                        <h2 id="feed-heading">{lang.pick("내 캘린더에 구독", "Subscribe in your calendar")}</h2>
                        <p class="hint">{lang.pick(
                            "이 주소를 휴대전화나 컴퓨터의 캘린더에 추가하면 내 예약이 보입니다. 주소를 아는 사람은 누구나 볼 수 있으니, 새 주소를 만들거나 끊을 수 있습니다.",
                            "Add this address to your phone's or computer's calendar to see your bookings there. Anyone with the address can read it, so you can replace or revoke it.",
                        )}</p>
                        {token.map(|t| view! {
                            <p class="form-done" role="status">{lang.pick("새 주소입니다 (지금만 보입니다):", "Your new address (shown only now):")}</p>
                            <p><code data-testid="feed-url">{format!("/calendar/{t}.ics")}</code></p>
                        })}
                        <div class="actions">
                            <ActionForm action=renew attr:class="inline-form">
                                <button type="submit" class="btn-quiet">{if d.feed_active { lang.pick("새 주소 만들기 (이전 주소는 끊김)", "New address (the old one stops)") } else { lang.pick("구독 주소 만들기", "Make an address") }}</button>
                            </ActionForm>
                            {d.feed_active.then(|| view! {
                                <details class="inline-details">
                                    <summary>{lang.pick("구독 끊기", "Revoke")}</summary>
                                    <ActionForm action=revoke attr:class="stack">
                                        <ConfirmBox label=lang.pick("구독 주소를 끊습니다", "Yes, revoke the address") />
                                        <button type="submit" class="btn-quiet">{lang.pick("끊기", "Revoke")}</button>
                                    </ActionForm>
                                </details>
                            })}
                        </div>
                        <FormError action=revoke />
                    </section>
                    <section aria-labelledby="past-heading">
                        <h2 id="past-heading">{lang.pick("지난 예약", "Past")}</h2>
                        <BookingList rows=d.past.clone() actions empty=lang.pick("지난 예약이 없습니다.", "No past bookings.") />
                    </section>
                }
            }
        </Loaded>
    }
}

/// `/bookings/:id`.
#[component]
pub fn BookingPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let cancel = ServerAction::<CancelBooking>::new();
    let decide = ServerAction::<DecideBooking>::new();
    let mark = ServerAction::<MarkBooking>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0),
                cancel.version().get(),
                decide.version().get(),
                mark.version().get(),
            )
        },
        |(id, ..)| load_booking(id),
    );
    let lang = use_prefs().lang;
    let actions = Actions { cancel, decide: Some(decide), mark: Some(mark) };
    view! {
        <Loaded data=data let:d>
            {
                let b = d.booking.clone();
                let booked = query.read_untracked().get("booked").and_then(|n| n.parse::<u32>().ok());
                let name = d.place.name(lang);
                view! {
                    <Title text=format!("{} · {}", b.space_name, lang.pick("예약", "Booking")) />
                    <Breadcrumbs items=vec![(format!("/dongs/{}/spaces", d.place.code), format!("{name} {}", lang.pick("공간 예약", "open spaces"))), ("/bookings".into(), lang.pick("내 예약", "My bookings").to_owned())] current=format!("#{}", b.id) />
                    <h1>{lang.pick("예약", "Booking")} " " <span class="num">{format!("#{}", b.id)}</span></h1>
                    {booked.map(|n| view! { <p class="form-done" role="status">{match (lang, b.status.as_str(), n) {
                        (Lang::Ko, "requested", _) => "예약을 신청했습니다. 주민센터가 확인하면 확정됩니다.".to_owned(),
                        (Lang::En, "requested", _) => "Requested. The center will confirm it.".to_owned(),
                        (Lang::Ko, _, n) if n > 1 => format!("{n}건을 예약했습니다."),
                        (Lang::En, _, n) if n > 1 => format!("{n} bookings made."),
                        (Lang::Ko, ..) => "예약했습니다.".to_owned(),
                        (Lang::En, ..) => "Booked.".to_owned(),
                    }}</p> })}
                    <FormError action=decide />
                    <FormError action=mark />
                    <FormError action=cancel />
                    <ul class="card-list"><BookingCard b=b.clone() actions /></ul>
                    {(!d.skipped.is_empty()).then(|| view! {
                        <section aria-labelledby="skipped-heading">
                            <h2 id="skipped-heading">{lang.pick("건너뛴 날짜", "Dates skipped")}</h2>
                            <ul data-testid="skipped">{d.skipped.iter().map(|s| view! {
                                <li>{span_label(lang, Span { start: s.start, end: s.end })} " — " {crate::components::form::skip_reason(lang, s)}</li>
                            }).collect_view()}</ul>
                        </section>
                    })}
                    {(!d.siblings.is_empty()).then(|| view! {
                        <section aria-labelledby="series-heading">
                            <h2 id="series-heading">{lang.pick("반복 예약의 모든 날짜", "Every date of the series")}</h2>
                            <BookingList rows=d.siblings.clone() actions empty="" />
                        </section>
                    })}
                }
            }
        </Loaded>
    }
}

/// `/dongs/:code/spaces/console`.
#[component]
pub fn ConsolePage() -> impl IntoView {
    let params = use_params_map();
    let cancel = ServerAction::<CancelBooking>::new();
    let decide = ServerAction::<DecideBooking>::new();
    let mark = ServerAction::<MarkBooking>::new();
    let blackout = ServerAction::<AddBlackout>::new();
    let unblock = ServerAction::<RemoveBlackout>::new();
    let walk_in = ServerAction::<BookWalkIn>::new();
    let rule = ServerAction::<SetNoShowRule>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                (cancel.version().get(), decide.version().get(), mark.version().get()),
                (blackout.version().get(), unblock.version().get(), rule.version().get()),
            )
        },
        |(code, ..)| load_console(code),
    );
    let lang = use_prefs().lang;
    let actions = Actions { cancel, decide: Some(decide), mark: Some(mark) };
    view! {
        <Loaded data=data let:d>
            {
                let name = d.place.name(lang);
                let code = d.place.code.clone();
                let title = format!("{name} {}", lang.pick("예약 관리", "booking console"));
                let new_space = format!("/dongs/{code}/spaces/new");
                view! {
                    <Title text=title.clone() />
                    <Breadcrumbs items=vec![(format!("/dongs/{code}"), name.clone()), (format!("/dongs/{code}/spaces"), lang.pick("공간 예약", "Open spaces").to_owned())] current=lang.pick("예약 관리", "Console").to_owned() />
                    <h1>{title}</h1>
                    {(!d.staff).then(|| view! { <p class="hint">{lang.pick("마을공동체 전문가는 보기만 할 수 있습니다.", "As the district's expert you can look, not act.")}</p> })}
                    <FormError action=decide />
                    <FormError action=mark />
                    <FormError action=cancel />
                    <FormDone action=decide text=lang.pick("처리했습니다.", "Done.") />
                    <FormDone action=mark text=lang.pick("표시했습니다.", "Marked.") />
                    <section aria-labelledby="requests-heading">
                        <h2 id="requests-heading">{lang.pick("승인을 기다리는 신청", "Requests to decide")} " " <span class="badge">{d.requests.len()}</span></h2>
                        <BookingList rows=d.requests.clone() actions empty=lang.pick("기다리는 신청이 없습니다.", "No requests waiting.") />
                    </section>
                    <section aria-labelledby="mark-heading">
                        <h2 id="mark-heading">{lang.pick("입실 확인 · 노쇼 표시", "Check-in and no-shows")}</h2>
                        <BookingList rows=d.to_mark.clone() actions empty=lang.pick("표시할 예약이 없습니다.", "Nothing to mark.") />
                    </section>
                    <section aria-labelledby="week-heading">
                        <h2 id="week-heading">{lang.pick("앞으로 7일", "The next seven days")}</h2>
                        <BookingList rows=d.upcoming.clone() actions empty=lang.pick("확정된 예약이 없습니다.", "No confirmed bookings.") />
                    </section>
                    {d.staff.then(|| view! {
                        <WalkInForm spaces=d.spaces.clone() today=d.today walk_in />
                        <BlackoutSection dong=code.clone() spaces=d.spaces.clone() blackouts=d.blackouts.clone() today=d.today blackout unblock />
                        <section aria-labelledby="rule-heading">
                            <h2 id="rule-heading">{lang.pick("노쇼 규칙", "No-show rule")}</h2>
                            <ActionForm action=rule attr:class="stack">
                                <input type="hidden" name="dong" value=code.clone() />
                                <div class="field-row">
                                    <label>{lang.pick("노쇼 횟수 (0: 제한 없음)", "No-shows (0: never)")} <input name="limit" type="number" min="0" max="10" value=d.no_show_limit.to_string() /></label>
                                    <label>{lang.pick("기간(일)", "Within (days)")} <input name="window_days" type="number" min="1" max="365" value=d.no_show_window_days.to_string() /></label>
                                    <label>{lang.pick("예약 정지(일)", "Suspend for (days)")} <input name="suspension_days" type="number" min="1" max="365" value=d.suspension_days.to_string() /></label>
                                </div>
                                <button type="submit" class="btn-quiet">{lang.pick("저장", "Save")}</button>
                            </ActionForm>
                            <FormError action=rule />
                            <FormDone action=rule text=lang.pick("저장했습니다.", "Saved.") />
                        </section>
                    })}
                    <section aria-labelledby="spaces-heading">
                        <h2 id="spaces-heading">{lang.pick("공간", "Spaces")}</h2>
                        <ul>{d.spaces.iter().map(|s| view! {
                            <li>
                                <a href=format!("/spaces/{}", s.id)>{s.name.clone()}</a>
                                {(!s.active).then(|| view! { " " <span class="badge badge-warn">{lang.pick("예약 중단", "Not taking bookings")}</span> })}
                                {d.staff.then(|| view! { " · " <a href=format!("/spaces/{}/edit", s.id)>{lang.pick("고치기", "Edit")}</a> })}
                            </li>
                        }).collect_view()}</ul>
                        {d.staff.then(|| view! { <p><a class="btn-quiet" href=new_space>{lang.pick("공간 추가", "Add a space")}</a></p> })}
                    </section>
                }
            }
        </Loaded>
    }
}

#[component]
fn WalkInForm(
    spaces: Vec<crate::dto::bookings::SpaceView>,
    today: i64,
    walk_in: ServerAction<BookWalkIn>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <section aria-labelledby="walkin-heading">
            <h2 id="walkin-heading">{lang.pick("방문한 주민 대신 예약", "Book for a walk-in resident")}</h2>
            <ActionForm action=walk_in attr:class="stack">
                <label for="wi-space">{lang.pick("공간", "Space")}</label>
                <select id="wi-space" name="space_id">{spaces.iter().filter(|s| s.active).map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}</select>
                <label for="wi-name">{lang.pick("주민 이름", "Resident's name")}</label>
                <input id="wi-name" name="name" required maxlength="60" />
                <div class="field-row">
                    <label>{lang.pick("날짜", "Date")} <input type="date" name="date" required value=day_string(today) /></label>
                    <label>{lang.pick("시작", "Start")} <input type="time" name="start" required /></label>
                    <label>{lang.pick("끝", "End")} <input type="time" name="end" required /></label>
                </div>
                <label for="wi-purpose">{lang.pick("무엇에 쓰나요", "What is it for")}</label>
                <input id="wi-purpose" name="purpose" required minlength="2" maxlength="200" />
                <label for="wi-attendees">{lang.pick("인원", "People")}</label>
                <input id="wi-attendees" name="attendees" type="number" min="1" required value="1" />
                <button type="submit" class="btn">{lang.pick("예약", "Book")}</button>
            </ActionForm>
            <FormError action=walk_in />
        </section>
    }
}

#[component]
fn BlackoutSection(
    dong: String,
    spaces: Vec<crate::dto::bookings::SpaceView>,
    blackouts: Vec<BlackoutView>,
    today: i64,
    blackout: ServerAction<AddBlackout>,
    unblock: ServerAction<RemoveBlackout>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <section aria-labelledby="closures-heading">
            <h2 id="closures-heading">{lang.pick("휴관 · 시간 막기", "Closures and blocked time")}</h2>
            {if blackouts.is_empty() {
                view! { <p class="empty">{lang.pick("앞으로 60일 동안 휴관이 없습니다.", "No closures in the next 60 days.")}</p> }.into_any()
            } else {
                view! { <ul class="card-list">{blackouts.into_iter().map(|b| view! {
                    <li class="card">
                        <p>{span_label(lang, Span { start: b.start, end: b.end })} " · " {b.space.clone().unwrap_or_else(|| lang.pick("주민센터 전체", "Whole center").to_owned())} " — " {b.reason.clone()}</p>
                        <details class="inline-details">
                            <summary>{lang.pick("휴관 없애기", "Remove")}</summary>
                            <ActionForm action=unblock attr:class="stack">
                                <input type="hidden" name="id" value=b.id.to_string() />
                                <ConfirmBox label=lang.pick("이 휴관을 없앱니다", "Yes, remove this closure") />
                                <button type="submit" class="btn-quiet">{lang.pick("없애기", "Remove")}</button>
                            </ActionForm>
                        </details>
                    </li>
                }).collect_view()}</ul> }.into_any()
            }}
            <FormError action=unblock />
            <h3>{lang.pick("휴관 추가", "Add a closure")}</h3>
            <ActionForm action=blackout attr:class="stack">
                <input type="hidden" name="dong" value=dong />
                <label for="bo-space">{lang.pick("공간", "Space")}</label>
                <select id="bo-space" name="space">
                    <option value="">{lang.pick("주민센터 전체", "Whole center")}</option>
                    {spaces.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                </select>
                <div class="field-row">
                    <label>{lang.pick("시작일", "From")} <input type="date" name="from_date" required value=day_string(today) /></label>
                    <label>{lang.pick("시각 (비우면 0시)", "Time (empty: 00:00)")} <input type="time" name="from_time" /></label>
                    <label>{lang.pick("종료일", "To")} <input type="date" name="to_date" required value=day_string(today) /></label>
                    <label>{lang.pick("시각 (비우면 하루 끝)", "Time (empty: end of day)")} <input type="time" name="to_time" /></label>
                </div>
                <label for="bo-reason">{lang.pick("사유 (모두에게 보임)", "Reason (shown to everyone)")}</label>
                <input id="bo-reason" name="reason" required minlength="2" maxlength="200" />
                <button type="submit" class="btn-quiet">{lang.pick("휴관 추가", "Add closure")}</button>
            </ActionForm>
            <FormError action=blackout />
            {move || blackout.value().get().and_then(Result::ok).map(|n| view! {
                <p class="form-done" role="status">{match lang {
                    Lang::Ko if n > 0 => format!("휴관을 추가했습니다. 그 시간의 예약 {n}건을 확인해 취소해 주세요."),
                    Lang::En if n > 0 => format!("Closure added. {n} bookings fall in it: please cancel them with a reason."),
                    Lang::Ko => "휴관을 추가했습니다.".to_owned(),
                    Lang::En => "Closure added.".to_owned(),
                }}</p>
            })}
        </section>
    }
}

/// `/districts/:code/spaces`.
#[component]
pub fn DistrictSpacesPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("code").unwrap_or_default(), load_district_spaces);
    let lang = use_prefs().lang;
    view! {
        <Loaded data=data let:d>
            {
                let name = d.place.name(lang);
                let title = format!("{name} {}", lang.pick("주민센터 공간 예약", "centers' spaces"));
                view! {
                    <Title text=title.clone() />
                    <Breadcrumbs items=vec![(format!("/districts/{}", d.place.code), name.clone())] current=lang.pick("공간 예약", "Open spaces").to_owned() />
                    <h1>{title}</h1>
                    <div class="table-wrap">
                        <table class="table">
                            <caption class="visually-hidden">{lang.pick("동별 공간과 예약", "Spaces and bookings by dong")}</caption>
                            <thead><tr>
                                <th scope="col">{lang.pick("동", "Dong")}</th>
                                <th scope="col" class="num">{lang.pick("공간", "Spaces")}</th>
                                <th scope="col" class="num">{lang.pick("승인 대기", "Requests")}</th>
                                <th scope="col" class="num">{lang.pick("이번 주 예약", "This week")}</th>
                            </tr></thead>
                            <tbody>{d.centers.iter().map(|c| view! {
                                <tr>
                                    <th scope="row"><a href=format!("/dongs/{}/spaces/console", c.dong.code)>{c.dong.name(lang)}</a></th>
                                    <td class="num">{c.spaces}</td>
                                    <td class="num">{c.requests}</td>
                                    <td class="num">{c.this_week}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                }
            }
        </Loaded>
    }
}
