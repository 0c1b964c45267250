//! The centers' open spaces: a center's spaces with one day of all of them
//! (`/dongs/:code/spaces`), a space with its week and the booking form (`/spaces/:id`), and the
//! staff's form to add or change a space. Availability is an HTML table — every free cell a
//! link to the booking form — so it reads with a screen reader and works without JavaScript.

use crate::api::bookings::{BookSpace, SaveSpace, load_center, load_space};
use crate::components::Loaded;
use crate::components::feedback::access_error;
use crate::components::form::{FormError, refusal_text};
use crate::components::layout::Breadcrumbs;
use crate::domain::booking::{MINUTES_PER_DAY, SpaceKind, clock, day_label, day_string};
use crate::domain::lang::Lang;
use crate::domain::money::format_won;
use crate::dto::Named;
use crate::dto::bookings::{BookingViewer, Grid, SpaceView};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::domain::calendar::weekday_name;

/// The state of a cell in words.
fn cell_text(lang: Lang, state: &str) -> &'static str {
    match state {
        "free" => lang.pick("예약 가능", "Free"),
        "booked" => lang.pick("예약됨", "Booked"),
        "requested" => lang.pick("신청 중", "Requested"),
        "mine" => lang.pick("내 예약", "Yours"),
        "closed" => lang.pick("휴관", "Closed"),
        "past" => lang.pick("지남", "Past"),
        _ => lang.pick("운영 안 함", "Not open"),
    }
}

/// Accessibility features of a space, in words.
fn access_list(lang: Lang, s: &SpaceView) -> Vec<&'static str> {
    [
        (s.step_free, lang.pick("문턱 없음", "Step-free")),
        (s.elevator, lang.pick("엘리베이터", "Elevator")),
        (s.accessible_toilet, lang.pick("장애인 화장실", "Accessible toilet")),
        (s.hearing_loop, lang.pick("보청 루프", "Hearing loop")),
    ]
    .into_iter()
    .filter_map(|(on, label)| on.then_some(label))
    .collect()
}

/// Booking rules in one line.
fn rules_line(lang: Lang, s: &SpaceView) -> String {
    let fee = if s.fee_per_hour == 0 {
        lang.pick("무료", "Free of charge").to_owned()
    } else {
        match lang {
            Lang::Ko => format!(
                "시간당 {}{}",
                format_won(s.fee_per_hour, lang),
                if s.group_waiver { " (등록 주민모임 면제)" } else { "" }
            ),
            Lang::En => format!(
                "{} an hour{}",
                format_won(s.fee_per_hour, lang),
                if s.group_waiver { " (waived for registered groups)" } else { "" }
            ),
        }
    };
    match lang {
        Lang::Ko => format!(
            "정원 {}명 · {}분 단위, {}분~{}분 · {}일 앞까지 · {} · {}",
            s.capacity,
            s.slot_minutes,
            s.min_minutes,
            s.max_minutes,
            s.horizon_days,
            if s.approval_required { "직원 승인 후 확정" } else { "인증 주민은 바로 확정" },
            fee
        ),
        Lang::En => format!(
            "Up to {} people · {}-minute slots, {}–{} minutes · up to {} days ahead · {} · {}",
            s.capacity,
            s.slot_minutes,
            s.min_minutes,
            s.max_minutes,
            s.horizon_days,
            if s.approval_required { "confirmed by staff" } else { "verified residents are confirmed at once" },
            fee
        ),
    }
}

/// A space as a card in a list.
#[component]
fn SpaceCard(s: SpaceView) -> impl IntoView {
    let lang = use_prefs().lang;
    let access = access_list(lang, &s).join(" · ");
    view! {
        <li class="card">
            <a class="card-title" href=format!("/spaces/{}", s.id)>{s.name.clone()}</a>
            <p class="card-meta">
                <span class="badge">{s.kind.label(lang)}</span>
                " " {(!s.floor.is_empty()).then(|| s.floor.clone())}
                {(!s.active).then(|| view! { " " <span class="badge badge-warn">{lang.pick("예약 중단", "Not taking bookings")}</span> })}
            </p>
            <p class="card-meta">{rules_line(lang, &s)}</p>
            {(!access.is_empty()).then(|| view! { <p class="card-meta">{access}</p> })}
        </li>
    }
}

/// The availability table. `link` makes a free cell's booking link (space, start, end).
#[component]
pub fn AvailabilityTable(grid: Grid, caption: String, #[prop(optional)] by_day: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    if grid.rows.is_empty() {
        return view! { <p class="empty">{lang.pick("이날은 운영하지 않습니다.", "Not open on this day.")}</p> }
            .into_any();
    }
    let heads = grid.columns.clone();
    view! {
        <div class="table-wrap">
            <table class="table avail">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{lang.pick("시간", "Time")}</th>
                    {heads.iter().map(|c| view! { <th scope="col">{if by_day { day_label(lang, c.day) } else { c.label.clone() }}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {grid.rows.into_iter().map(|r| {
                        let heads = heads.clone();
                        view! {
                            <tr>
                                <th scope="row" class="num">{clock(r.time)}</th>
                                {r.cells.into_iter().zip(heads).map(|(c, head)| {
                                    let text = cell_text(lang, &c.state);
                                    let class = format!("slot slot-{}", c.state);
                                    if c.state == "free" {
                                        let day = c.start.div_euclid(MINUTES_PER_DAY);
                                        let href = format!(
                                            "/spaces/{}?week={}&date={}&start={}&end={}#book",
                                            c.space_id,
                                            day_string(day),
                                            day_string(day),
                                            clock(c.start - day * MINUTES_PER_DAY),
                                            clock(c.end - day * MINUTES_PER_DAY),
                                        );
                                        let label = if by_day {
                                            format!("{} {} — {}", day_label(lang, day), clock(c.start - day * MINUTES_PER_DAY), lang.pick("예약하기", "book"))
                                        } else {
                                            format!("{} {} {} — {}", head.label, day_label(lang, day), clock(c.start - day * MINUTES_PER_DAY), lang.pick("예약하기", "book"))
                                        };
                                        view! { <td class=class><a href=href aria-label=label>{text}</a></td> }.into_any()
                                    } else {
                                        let note = c.note.clone().map(|n| format!(": {n}")).unwrap_or_default();
                                        view! { <td class=class>{text}{note}</td> }.into_any()
                                    }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/dongs/:code/spaces`.
#[component]
pub fn CenterSpacesPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), query.read().get("day")),
        |(code, day)| load_center(code, day),
    );
    let lang = use_prefs().lang;
    view! {
        <Loaded data=data let:d>
            {
                let name = d.place.name(lang);
                let code = d.place.code.clone();
                let title = format!("{name} {}", lang.pick("주민센터 공간 예약", "center: open spaces"));
                let (prev, next) = (day_string(d.day - 1), day_string(d.day + 1));
                let caption = format!("{} — {}", day_label(lang, d.day), lang.pick("공간별 예약 현황", "bookings by space"));
                view! {
                    <Title text=title.clone() />
                    <Breadcrumbs items=vec![(format!("/dongs/{code}"), name.clone())] current=lang.pick("공간 예약", "Open spaces").to_owned() />
                    <div class="heading-row">
                        <h1>{title}</h1>
                        {d.viewer.console.then(|| view! { <a class="btn" href=format!("/dongs/{code}/spaces/console")>{lang.pick("예약 관리", "Booking console")}</a> })}
                    </div>
                    <p class="hint">{lang.pick(
                        "북카페, 상영실, 회의실을 주민 누구나 예약할 수 있습니다. 이 동에 사는 것이 확인된 주민은 바로 확정되고, 그 밖에는 주민센터가 확인한 뒤 확정됩니다.",
                        "Any resident can book the book café, screening room and meeting rooms. Verified residents of this dong are confirmed at once; other requests are confirmed by the center.",
                    )}</p>
                    {d.viewer.signed_in.then(|| view! { <p><a href="/bookings">{lang.pick("내 예약 보기", "My bookings")}</a></p> })}
                    {if d.spaces.is_empty() {
                        view! { <p class="empty">{lang.pick("아직 예약할 수 있는 공간이 없습니다.", "No spaces can be booked here yet.")}</p> }.into_any()
                    } else {
                        view! { <ul class="card-list">{d.spaces.clone().into_iter().map(|s| view! { <SpaceCard s /> }).collect_view()}</ul> }.into_any()
                    }}
                    {d.viewer.staff.then(|| view! { <p><a class="btn-quiet" href=format!("/dongs/{code}/spaces/new")>{lang.pick("공간 추가", "Add a space")}</a></p> })}
                    <section aria-labelledby="day-heading">
                        <h2 id="day-heading">{day_label(lang, d.day)}</h2>
                        <form method="get" class="day-nav" action=format!("/dongs/{code}/spaces")>
                            <a class="btn-quiet" href=format!("/dongs/{code}/spaces?day={prev}")>{lang.pick("← 전날", "← Previous day")}</a>
                            <label for="day-pick">{lang.pick("날짜", "Date")}</label>
                            <input id="day-pick" type="date" name="day" value=day_string(d.day) />
                            <button type="submit" class="btn-quiet">{lang.pick("보기", "Show")}</button>
                            <a class="btn-quiet" href=format!("/dongs/{code}/spaces?day={next}")>{lang.pick("다음날 →", "Next day →")}</a>
                        </form>
                        <AvailabilityTable grid=d.grid.clone() caption />
                    </section>
                }
            }
        </Loaded>
    }
}

/// `/spaces/:id`.
#[component]
pub fn SpacePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let book = ServerAction::<BookSpace>::new();
    let data = Resource::new(
        move || (params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0), query.read().get("week")),
        |(id, week)| load_space(id, week),
    );
    let lang = use_prefs().lang;
    view! {
        <Loaded data=data let:d>
            {
                let s = d.space.clone();
                let name = d.place.name(lang);
                let code = d.place.code.clone();
                let access = access_list(lang, &s).join(" · ");
                let (prev, next) = (day_string(d.week - 7), day_string(d.week + 7));
                let caption = format!("{} {} — {}", s.name, day_label(lang, d.week), lang.pick("한 주 예약 현황", "the week's bookings"));
                let saved = query.read_untracked().get("saved").is_some();
                view! {
                    <Title text=format!("{} · {name}", s.name) />
                    <Breadcrumbs items=vec![(format!("/dongs/{code}"), name.clone()), (format!("/dongs/{code}/spaces"), lang.pick("공간 예약", "Open spaces").to_owned())] current=s.name.clone() />
                    <div class="heading-row">
                        <h1>{s.name.clone()}</h1>
                        {d.viewer.staff.then(|| view! { <a class="btn-quiet" href=format!("/spaces/{}/edit", s.id)>{lang.pick("공간 정보 고치기", "Edit the space")}</a> })}
                    </div>
                    {saved.then(|| view! { <p class="form-done" role="status">{lang.pick("저장했습니다.", "Saved.")}</p> })}
                    <p class="card-meta"><span class="badge">{s.kind.label(lang)}</span> " " {s.floor.clone()}</p>
                    {s.photo.clone().map(|p| view! { <img class="space-photo" src=p.url alt=p.alt /> })}
                    {(!s.description.is_empty()).then(|| view! { <p>{s.description.clone()}</p> })}
                    <dl class="facts">
                        <dt>{lang.pick("예약 규칙", "Rules")}</dt><dd>{rules_line(lang, &s)}</dd>
                        {(!s.equipment.is_empty()).then(|| view! { <dt>{lang.pick("비품", "Equipment")}</dt><dd>{s.equipment.clone()}</dd> })}
                        <dt>{lang.pick("접근성", "Accessibility")}</dt><dd>{if access.is_empty() { lang.pick("정보 없음", "Not stated").to_owned() } else { access }}</dd>
                        <dt>{lang.pick("운영 시간", "Opening hours")}</dt><dd>
                            {s.hours.iter().enumerate().map(|(i, h)| view! {
                                <span class="hours-day">{weekday_name(lang, i)} " " {match h { Some(h) => format!("{}–{}", clock(h.opens), clock(h.closes)), None => lang.pick("쉼", "closed").to_owned() }}</span>
                            }).collect_view()}
                        </dd>
                    </dl>
                    <p><a href=format!("/spaces/{}/calendar.ics", s.id)>{lang.pick("캘린더 구독 (iCal, 예약된 시간만)", "Subscribe (iCal, busy times only)")}</a></p>
                    <section aria-labelledby="week-heading">
                        <h2 id="week-heading">{lang.pick("한 주 보기", "The week")}</h2>
                        <p class="actions">
                            <a class="btn-quiet" href=format!("/spaces/{}?week={prev}", s.id)>{lang.pick("← 지난주", "← Previous week")}</a>
                            <a class="btn-quiet" href=format!("/spaces/{}?week={next}", s.id)>{lang.pick("다음 주 →", "Next week →")}</a>
                        </p>
                        <AvailabilityTable grid=d.grid.clone() caption by_day=true />
                        {(!d.blackouts.is_empty()).then(|| view! {
                            <h3>{lang.pick("이번 주 휴관", "Closures this week")}</h3>
                            <ul>{d.blackouts.iter().map(|b| view! {
                                <li>{crate::domain::booking::span_label(lang, crate::domain::booking::Span { start: b.start, end: b.end })} " — " {b.reason.clone()}</li>
                            }).collect_view()}</ul>
                        })}
                    </section>
                    <BookForm space=s.clone() viewer=d.viewer.clone() today=d.today book />
                }
            }
        </Loaded>
    }
}

/// The booking form, prefilled from the cell picked (`?date=&start=&end=`).
#[component]
fn BookForm(space: SpaceView, viewer: BookingViewer, today: i64, book: ServerAction<BookSpace>) -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    if !viewer.signed_in {
        return view! {
            <section id="book" aria-labelledby="book-heading">
                <h2 id="book-heading">{lang.pick("예약하기", "Book")}</h2>
                <p><a class="btn" href="/sign-in">{lang.pick("로그인하고 예약하기", "Sign in to book")}</a></p>
            </section>
        }
        .into_any();
    }
    if let Some(until) = viewer.suspended_until {
        return view! {
            <section id="book" aria-labelledby="book-heading">
                <h2 id="book-heading">{lang.pick("예약하기", "Book")}</h2>
                <p class="form-error" role="alert">{match lang {
                    Lang::Ko => format!("예약하고 오지 않은 일이 거듭되어 {}까지 예약할 수 없습니다.", day_label(lang, until.div_euclid(MINUTES_PER_DAY))),
                    Lang::En => format!("After repeated no-shows you cannot book until {}.", day_label(lang, until.div_euclid(MINUTES_PER_DAY))),
                }}</p>
            </section>
        }
        .into_any();
    }
    let date = {
        let d = q("date");
        if d.is_empty() { day_string(today + 1) } else { d }
    };
    let organiser = viewer.groups.iter().any(|(_, o)| *o);
    let step = (space.slot_minutes * 60).to_string();
    let instant = viewer.verified && !space.approval_required;
    view! {
        <section id="book" aria-labelledby="book-heading">
            <h2 id="book-heading">{lang.pick("예약하기", "Book")}</h2>
            <p class="hint">{if instant {
                lang.pick("이 동의 인증 주민이라 바로 확정됩니다.", "As a verified resident of this dong, your booking is confirmed at once.")
            } else {
                lang.pick("신청하면 주민센터가 확인한 뒤 확정합니다.", "Your request is confirmed once the center has looked at it.")
            }}</p>
            <ActionForm action=book attr:class="stack">
                <input type="hidden" name="space_id" value=space.id.to_string() />
                <div class="field-row">
                    <label>{lang.pick("날짜", "Date")} <input type="date" name="date" required value=date /></label>
                    <label>{lang.pick("시작", "Start")} <input type="time" name="start" required step=step.clone() value=q("start") /></label>
                    <label>{lang.pick("끝", "End")} <input type="time" name="end" required step=step value=q("end") /></label>
                </div>
                <label for="book-purpose">{lang.pick("무엇에 쓰나요", "What is it for")}</label>
                <input id="book-purpose" name="purpose" required minlength="2" maxlength="200" value=q("purpose") />
                <label for="book-attendees">{match lang { Lang::Ko => format!("오는 사람 수 (정원 {}명)", space.capacity), Lang::En => format!("How many people (up to {})", space.capacity) }}</label>
                <input id="book-attendees" name="attendees" type="number" min="1" max=space.capacity.to_string() required value=q("attendees") />
                {(!viewer.groups.is_empty()).then(|| view! {
                    <label for="book-group">{lang.pick("주민모임으로 예약 (선택)", "Book for a group (optional)")}</label>
                    <select id="book-group" name="group">
                        <option value="">{lang.pick("개인 예약", "Just me")}</option>
                        {viewer.groups.iter().map(|(g, _)| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view()}
                    </select>
                })}
                {organiser.then(|| view! {
                    <fieldset>
                        <legend>{lang.pick("반복 (모임지기만)", "Repeat (group organisers)")}</legend>
                        <label><input type="radio" name="repeat" value="once" checked=true /> {lang.pick("한 번", "Once")}</label>
                        <label><input type="radio" name="repeat" value="week" /> {lang.pick("매주", "Every week")}</label>
                        <label><input type="radio" name="repeat" value="fortnight" /> {lang.pick("격주", "Every other week")}</label>
                        <label>{lang.pick("횟수 (2~26)", "Times (2–26)")} <input type="number" name="count" min="2" max="26" value="4" /></label>
                        <p class="hint">{lang.pick("이미 예약되었거나 휴관인 날은 건너뛰고 알려 드립니다.", "Dates already booked or closed are skipped and listed.")}</p>
                    </fieldset>
                })}
                <button type="submit" class="btn">{if instant { lang.pick("예약", "Book") } else { lang.pick("예약 신청", "Request") }}</button>
            </ActionForm>
            <FormError action=book />
        </section>
    }
    .into_any()
}

/// `/dongs/:code/spaces/new` and `/spaces/:id/edit`: the staff's form.
#[component]
pub fn SpaceEditPage() -> impl IntoView {
    let params = use_params_map();
    let save = ServerAction::<SaveSpace>::new();
    let lang = use_prefs().lang;
    let id = params.read_untracked().get("id").and_then(|s| s.parse::<i64>().ok());
    let dong = params.read_untracked().get("code").unwrap_or_default();
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => load_space(id, None).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Loaded data=data let:page>
            {if page.as_ref().is_some_and(|p| !p.viewer.staff) {
                access_error(crate::error::AppError::Forbidden)
            } else {
                let (space, dong) = match &page {
                    Some(p) => (Some(p.space.clone()), p.place.code.clone()),
                    None => (None, dong.clone()),
                };
                let title = if space.is_some() { lang.pick("공간 정보 고치기", "Edit the space") } else { lang.pick("공간 추가", "Add a space") };
                view! {
                    <Title text=title />
                    <Breadcrumbs items=vec![(format!("/dongs/{dong}/spaces"), lang.pick("공간 예약", "Open spaces").to_owned())] current=title.to_owned() />
                    <h1>{title}</h1>
                    <SpaceFields dong space=space.clone() save />
                    {space.map(|s| view! { <PhotoForm space=s /> })}
                }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn SpaceFields(dong: String, space: Option<SpaceView>, save: ServerAction<SaveSpace>) -> impl IntoView {
    let lang = use_prefs().lang;
    let s = space.clone();
    let v = {
        let s = s.clone();
        move |f: fn(&SpaceView) -> String, default: &str| s.as_ref().map_or_else(|| default.to_owned(), f)
    };
    let flag = {
        let s = s.clone();
        move |f: fn(&SpaceView) -> bool, default: bool| s.as_ref().map_or(default, f)
    };
    let kind = v(|s| s.kind.as_str().to_owned(), "meeting_room");
    let hours: Vec<(String, String)> = (0..7)
        .map(|i| match &s {
            Some(s) => s
                .hours
                .get(i)
                .copied()
                .flatten()
                .map_or((String::new(), String::new()), |h| (clock(h.opens), clock(h.closes))),
            None if i < 5 => ("09:00".into(), "22:00".into()),
            None if i == 5 => ("10:00".into(), "17:00".into()),
            None => (String::new(), String::new()),
        })
        .collect();
    view! {
        <ActionForm action=save attr:class="stack">
            <input type="hidden" name="dong" value=dong />
            {s.as_ref().map(|s| view! { <input type="hidden" name="space_id" value=s.id.to_string() /> })}
            <label for="sp-name">{lang.pick("이름", "Name")}</label>
            <input id="sp-name" name="name" required minlength="2" maxlength="60" value=v(|s| s.name.clone(), "") />
            <label for="sp-kind">{lang.pick("종류", "Kind")}</label>
            <select id="sp-kind" name="kind">
                {SpaceKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=kind == k.as_str()>{k.label(lang)}</option> }).collect_view()}
            </select>
            <label for="sp-floor">{lang.pick("층 (예: 2층)", "Floor (e.g. 2F)")}</label>
            <input id="sp-floor" name="floor" maxlength="20" value=v(|s| s.floor.clone(), "") />
            <fieldset>
                <legend>{lang.pick("접근성", "Accessibility")}</legend>
                <label><input type="checkbox" name="step_free" value="true" checked=flag(|s| s.step_free, false) /> {lang.pick("문턱 없음", "Step-free")}</label>
                <label><input type="checkbox" name="elevator" value="true" checked=flag(|s| s.elevator, false) /> {lang.pick("엘리베이터", "Elevator")}</label>
                <label><input type="checkbox" name="accessible_toilet" value="true" checked=flag(|s| s.accessible_toilet, false) /> {lang.pick("장애인 화장실", "Accessible toilet")}</label>
                <label><input type="checkbox" name="hearing_loop" value="true" checked=flag(|s| s.hearing_loop, false) /> {lang.pick("보청 루프", "Hearing loop")}</label>
            </fieldset>
            <label for="sp-equipment">{lang.pick("비품", "Equipment")}</label>
            <input id="sp-equipment" name="equipment" maxlength="300" value=v(|s| s.equipment.clone(), "") />
            <label for="sp-description">{lang.pick("소개", "Description")}</label>
            <textarea id="sp-description" name="description" maxlength="2000" rows="4">{v(|s| s.description.clone(), "")}</textarea>
            <fieldset>
                <legend>{lang.pick("예약 규칙", "Booking rules")}</legend>
                <div class="field-row">
                    <label>{lang.pick("정원", "Capacity")} <input name="capacity" type="number" min="1" max="500" required value=v(|s| s.capacity.to_string(), "10") /></label>
                    <label>{lang.pick("시간 단위(분)", "Slot (minutes)")}
                        <select name="slot_minutes">
                            {[15, 30, 60].into_iter().map(|m| { let cur = v(|s| s.slot_minutes.to_string(), "30"); view! { <option value=m.to_string() selected=cur == m.to_string()>{m}</option> } }).collect_view()}
                        </select>
                    </label>
                    <label>{lang.pick("최소(분)", "Shortest (min)")} <input name="min_minutes" type="number" min="15" required value=v(|s| s.min_minutes.to_string(), "30") /></label>
                    <label>{lang.pick("최대(분)", "Longest (min)")} <input name="max_minutes" type="number" min="15" required value=v(|s| s.max_minutes.to_string(), "240") /></label>
                </div>
                <div class="field-row">
                    <label>{lang.pick("며칠 앞까지", "Days ahead")} <input name="horizon_days" type="number" min="1" max="365" required value=v(|s| s.horizon_days.to_string(), "30") /></label>
                    <label>{lang.pick("최소 몇 분 전", "Notice (min)")} <input name="min_notice_minutes" type="number" min="0" required value=v(|s| s.min_notice_minutes.to_string(), "60") /></label>
                    <label>{lang.pick("시간당 사용료(원)", "Fee per hour (won)")} <input name="fee_per_hour" inputmode="numeric" required value=v(|s| s.fee_per_hour.to_string(), "0") /></label>
                </div>
                <div class="field-row">
                    <label>{lang.pick("주민 1인 주간 한도", "Weekly limit per resident")} <input name="weekly_quota_person" type="number" min="1" max="50" value=v(|s| s.weekly_quota_person.map(|q| q.to_string()).unwrap_or_default(), "3") /></label>
                    <label>{lang.pick("모임 주간 한도", "Weekly limit per group")} <input name="weekly_quota_group" type="number" min="1" max="50" value=v(|s| s.weekly_quota_group.map(|q| q.to_string()).unwrap_or_default(), "5") /></label>
                </div>
                <label><input type="checkbox" name="approval_required" value="true" checked=flag(|s| s.approval_required, false) /> {lang.pick("모든 예약을 직원이 승인", "Staff approve every booking")}</label>
                <label><input type="checkbox" name="group_waiver" value="true" checked=flag(|s| s.group_waiver, true) /> {lang.pick("등록 주민모임은 사용료 면제", "No fee for registered resident groups")}</label>
            </fieldset>
            <fieldset>
                <legend>{lang.pick("운영 시간 (예: 09:00~22:00, 자정까지는 24:00, 비우면 쉬는 날)", "Opening hours (e.g. 09:00–22:00, 24:00 for midnight; empty: closed)")}</legend>
                {hours.into_iter().enumerate().map(|(i, (o, c))| view! {
                    <div class="field-row">
                        <label>{weekday_name(lang, i)} " " {lang.pick("열림", "opens")} <input name=format!("opens[{i}]") value=o inputmode="numeric" size="5" pattern="[0-2][0-9]:[0-5][0-9]" /></label>
                        <label>{weekday_name(lang, i)} " " {lang.pick("닫힘", "closes")} <input name=format!("closes[{i}]") value=c inputmode="numeric" size="5" pattern="[0-2][0-9]:[0-5][0-9]" /></label>
                    </div>
                }).collect_view()}
            </fieldset>
            <button type="submit" class="btn">{lang.pick("저장", "Save")}</button>
        </ActionForm>
        <FormError action=save />
    }
}

/// The space's photo: shown, and replaced with a plain multipart form (with or without
/// JavaScript), which comes back here with `?photo=1` or `?photo_error=<code>`.
#[component]
fn PhotoForm(space: SpaceView) -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let done = query.read_untracked().get("photo").is_some();
    let failed = query.read_untracked().get("photo_error").map(|code| refusal_text(lang, &code));
    view! {
        <section id="photo" aria-labelledby="photo-heading">
            <h2 id="photo-heading">{lang.pick("사진", "Photo")}</h2>
            {done.then(|| view! { <p class="form-done" role="status">{lang.pick("사진을 바꿨습니다.", "Photo updated.")}</p> })}
            {failed.map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            {space.photo.clone().map(|p| view! { <img class="space-photo" src=p.url alt=p.alt /> })}
            <form method="post" action=format!("/spaces/{}/photo", space.id) enctype="multipart/form-data" class="stack">
                <label for="sp-photo">{lang.pick("사진 파일 (JPEG, PNG, WebP, 5MB까지)", "Photo (JPEG, PNG, WebP, up to 5 MB)")}</label>
                <input id="sp-photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp" required />
                <label for="sp-alt">{lang.pick("사진 설명 (화면을 못 보는 분께 읽어 줍니다)", "What the photo shows (read to people who cannot see it)")}</label>
                <input id="sp-alt" name="alt" maxlength="200" value=space.photo.map(|p| p.alt).unwrap_or_default() />
                <button type="submit" class="btn-quiet">{lang.pick("사진 올리기", "Upload photo")}</button>
            </form>
        </section>
    }
}
