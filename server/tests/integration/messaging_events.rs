//! What the site tells, and to whom (issue 42, item 3), beyond the assemblies' own steps: a
//! booking approved, declined or cancelled by the center, an expense claim decided — to the one
//! concerned and never to the one who acted — and the reminders a time brings: the session in 48
//! and 2 hours (to the dong's verified residents), pre-voting closing within a day (only to those
//! who have not voted), a booking within a day. Each reminder goes out once for its time, however
//! many sweeps run at once, and again when the time moves. (Proposals on an agenda and decided:
//! `assembly_day.rs`; the e-mail's calendar entry: `messaging.rs`.)

use crate::assemblies::{ballot, options_of, staff as assembly_staff, voters_with_ids};
use crate::db_test;
use crate::identity::SINCHON;
use crate::support::booking::{open_space, request, resident, sinchon, staff, tomorrow_at};
use crate::support::{Backend, TestApp};
use app::domain::assembly::{AssemblyDetails, AssemblyEvent, NewItem};
use app::domain::booking::MINUTES_PER_DAY;
use app::domain::messaging::Reminder;
use chrono::{DateTime, Duration, DurationRound, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::bookings::{self, Repeat};
use services::entities::{assembly, notification};
use services::messaging::reminders::{self, Swept};
use services::time_fmt::from_local_minute;
use services::{assemblies, fund, identity, notices};

/// How many notices of `kind` each of `people` has, in order.
pub(crate) async fn told(app: &TestApp, people: &[i64], kind: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for &p in people {
        let n = notification::Entity::find()
            .filter(notification::Column::UserId.eq(p))
            .filter(notification::Column::Kind.eq(kind))
            .count(&app.db)
            .await
            .unwrap();
        out.push(n);
    }
    out
}

/// A time as the assembly form takes it (Seoul's clock).
pub(crate) fn form_time(t: DateTime<Utc>) -> String {
    (t + Duration::hours(9)).format("%Y-%m-%dT%H:%M").to_string()
}

pub(crate) fn details(starts: DateTime<Utc>) -> AssemblyDetails {
    let ends = starts + Duration::hours(2);
    AssemblyDetails::parse("알림 시험 총회", "", "신촌동 주민센터", "", &form_time(starts), &form_time(ends)).unwrap()
}

/// A sweep at `at`: what it sent about `about` (`assembly:7`), as (reminder, people told). The
/// demo's bookings and residents are in the database too: only what is about `about` counts.
async fn sweep(app: &TestApp, at: DateTime<Utc>, about: &str) -> Vec<(Reminder, usize)> {
    of(reminders::sweep(&app.db, at).await.unwrap(), about)
}

fn of(swept: Swept, about: &str) -> Vec<(Reminder, usize)> {
    swept.into_iter().filter(|(_, a, _)| a == about).map(|(r, _, n)| (r, n)).collect()
}

db_test!(bookings_and_claims_tell_the_one_concerned, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (clerk_id, clerk) = staff(&app).await;
    let (booker_id, booker) = resident(&app, "예약한 주민").await;
    let (other_id, _) = resident(&app, "다른 주민").await;
    let space = open_space(&app, 0, true).await;
    let day = tomorrow_at(10) + 2 * MINUTES_PER_DAY;
    let mut booked = Vec::new();
    for hour in 0..4 {
        let b =
            bookings::book(&app.db, Some(&booker), space, request(day + hour * 60, 60), Repeat::Once).await.unwrap();
        booked.push(b.id);
    }
    bookings::decide(&app.db, Some(&clerk), booked[0], true, "").await.unwrap();
    bookings::decide(&app.db, Some(&clerk), booked[1], false, "그날은 청소합니다").await.unwrap();
    bookings::decide(&app.db, Some(&clerk), booked[2], true, "").await.unwrap();
    bookings::cancel(&app.db, Some(&clerk), booked[2], "보일러가 고장 났습니다").await.unwrap();
    // the booker's own cancellation is news to no one
    bookings::cancel(&app.db, Some(&booker), booked[3], "").await.unwrap();

    let people = [booker_id, clerk_id, other_id];
    assert_eq!(told(&app, &people, "booking_approved").await, [2, 0, 0]);
    assert_eq!(told(&app, &people, "booking_declined").await, [1, 0, 0]);
    assert_eq!(told(&app, &people, "booking_cancelled").await, [1, 0, 0], "by the center only");

    let claim = crate::support::fund::claim_by(&app, SINCHON, booker_id).await;
    fund::claims::decide(&app.db, Some(&clerk), claim, false, "영수증이 흐립니다").await.unwrap();
    assert_eq!(told(&app, &people, "claim_decided").await, [1, 0, 0]);

    // each links to its page
    let page = notices::list(&app.db, Some(&booker), 1).await.unwrap();
    let links: Vec<String> = page.items.iter().filter_map(|n| n.link.clone()).collect();
    assert!(links.contains(&format!("/fund/claims/{claim}")), "{links:?}");
    assert!(links.contains(&format!("/bookings/{}", booked[1])), "{links:?}");
});

db_test!(reminders_go_once_to_whom_they_concern, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let staff = assembly_staff(&app).await;
    let voters = voters_with_ids(&app, SINCHON, 3, 1980).await;
    let outsider = app.person("지나가는 사람", None).await;
    let mut people: Vec<i64> = voters.iter().map(|(id, _)| *id).collect();
    people.extend([outsider, staff.user_id]);

    let starts = (Utc::now() + Duration::days(10)).duration_trunc(Duration::minutes(1)).unwrap();
    let id = assemblies::create(&app.db, Some(&staff), &sinchon(), details(starts)).await.unwrap();
    let item = NewItem::parse("single_choice", "마을 축제 날짜", "", "5월\n9월", "", "", "").unwrap();
    let item = assemblies::add_item(&app.db, Some(&staff), id, item).await.unwrap();
    for event in [AssemblyEvent::Announce, AssemblyEvent::OpenPreVoting] {
        assemblies::advance(&app.db, &app.seal(), Some(&staff), id, event, true).await.unwrap();
    }
    let option = options_of(&app, item).await[0];
    let res = ballot(&app, &voters[0].1, item, serde_json::json!({ "options": [option] })).await;
    assert!(res.status().is_success(), "{}", res.status());
    let session = assembly::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().session_starts_at;
    assert_eq!(session, starts);
    let about = format!("assembly:{id}");
    let about = about.as_str();
    // the demo's residents of the dong (verified) and the three made here
    let residents = identity::verified_residents(&app.db, &sinchon()).await.unwrap().len();
    assert!(residents >= 3);

    // nothing yet three days before
    assert_eq!(sweep(&app, session - Duration::hours(72), about).await, vec![]);
    // two servers sweep at the same moment: each resident is told once
    let at = session - Duration::hours(47);
    let (a, b) = tokio::join!(sweep(&app, at, about), sweep(&app, at, about));
    let both: Vec<_> = a.into_iter().chain(b).collect();
    assert_eq!(both, vec![(Reminder::SessionIn48h, residents)], "once, by one of them");
    assert_eq!(told(&app, &people, "session_in_48h").await, [1, 1, 1, 0, 0]);
    assert_eq!(sweep(&app, session - Duration::hours(46), about).await, vec![], "not again for the same time");

    // pre-voting closes within a day: only those who have not voted
    let closing = sweep(&app, session - Duration::hours(23), about).await;
    assert_eq!(closing, vec![(Reminder::PreVotingCloses, residents - 1)]);
    assert_eq!(told(&app, &people, "pre_voting_closing").await, [0, 1, 1, 0, 0]);
    let soon = sweep(&app, session - Duration::minutes(90), about).await;
    assert_eq!(soon, vec![(Reminder::SessionIn2h, residents)]);
    assert_eq!(sweep(&app, session - Duration::minutes(20), about).await, vec![], "too close to be of use");

    // the session moves a day later: the reminders are for the new time
    let later = starts + Duration::days(1);
    assemblies::edit(&app.db, Some(&staff), id, details(later)).await.unwrap();
    let moved = sweep(&app, later - Duration::hours(47), about).await;
    assert_eq!(moved, vec![(Reminder::SessionIn48h, residents)]);
    assert_eq!(told(&app, &people, "session_in_48h").await, [2, 2, 2, 0, 0]);
    let subject = notification::Entity::find()
        .filter(notification::Column::Kind.eq("session_in_48h"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .subject;
    assert!(subject.starts_with("알림 시험 총회 ("), "the title and the time: {subject}");

    // a confirmed booking, the day before; its booker only, once
    let space = open_space(&app, 0, false).await;
    let (booker_id, booker) = resident(&app, "예약한 주민").await;
    let start = tomorrow_at(10) + 2 * MINUTES_PER_DAY;
    let booked = bookings::book(&app.db, Some(&booker), space, request(start, 60), Repeat::Once).await.unwrap();
    let about = format!("booking:{}", booked.id);
    let at = from_local_minute(start) - Duration::hours(23);
    assert_eq!(sweep(&app, at, &about).await, vec![(Reminder::BookingTomorrow, 1)]);
    assert_eq!(sweep(&app, at + Duration::minutes(5), &about).await, vec![]);
    assert_eq!(told(&app, &[booker_id, people[0]], "booking_tomorrow").await, [1, 0]);
});
