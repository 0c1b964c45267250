//! The centers' spaces as staff describe them: details, rules, opening hours, closures
//! (blackouts) and the dong's no-show rule. Bookings are in `bookings`.

use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{Stored, booking, booking_setting, space, space_blackout, space_hour};
use crate::storage::{MediaKey, MediaStore};
use crate::time_fmt::{from_local_minute, local_minute};
use chrono::Utc;
use contract::dto::bookings::{BlackoutView, DayHours, SpacePhoto, SpaceView};
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::booking::{
    Access, Approval, Blackout, NoShowRule, OpeningHours, Rules, SpaceDetails, SpaceKind, Span, Status,
};
use domain::geo::DongCode;
use domain::image::{CheckedImage, ImageAlt, ImageKind};
use domain::{Field, InputRule};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

/// The rules stored with a space.
pub fn rules_of(m: &space::Model) -> Rules {
    Rules {
        slot_minutes: i64::from(m.slot_minutes),
        min_minutes: i64::from(m.min_minutes),
        max_minutes: i64::from(m.max_minutes),
        horizon_days: i64::from(m.horizon_days),
        min_notice_minutes: i64::from(m.min_notice_minutes),
        approval: *m.approval,
        fee_per_hour: m.fee_per_hour,
        group_waiver: m.group_waiver,
        weekly_quota_person: m.weekly_quota_person.map(|q| q.max(0) as u32),
        weekly_quota_group: m.weekly_quota_group.map(|q| q.max(0) as u32),
        capacity: m.capacity.max(0) as u32,
    }
}

/// The opening hours of each of `ids`.
pub async fn hours_of(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, OpeningHours>, AppError> {
    let ids: Vec<i64> = ids.into_iter().collect();
    let mut out: HashMap<i64, OpeningHours> = ids.iter().map(|id| (*id, OpeningHours::CLOSED)).collect();
    for h in space_hour::Entity::find().filter(space_hour::Column::SpaceId.is_in(ids)).all(db).await? {
        if let (Some(hours), Ok(day)) = (out.get_mut(&h.space_id), usize::try_from(h.weekday))
            && day < 7
        {
            hours.0[day] = Some((i64::from(h.opens), i64::from(h.closes)));
        }
    }
    Ok(out)
}

pub fn view(m: &space::Model, hours: &OpeningHours) -> SpaceView {
    let r = rules_of(m);
    SpaceView {
        id: m.id,
        dong_code: m.dong_code.clone(),
        name: m.name.clone(),
        kind: *m.kind,
        capacity: r.capacity,
        floor: m.floor.clone(),
        step_free: m.step_free,
        elevator: m.elevator,
        accessible_toilet: m.accessible_toilet,
        hearing_loop: m.hearing_loop,
        equipment: m.equipment.clone(),
        description: m.description.clone(),
        slot_minutes: r.slot_minutes,
        min_minutes: r.min_minutes,
        max_minutes: r.max_minutes,
        horizon_days: r.horizon_days,
        min_notice_minutes: r.min_notice_minutes,
        approval_required: r.approval == Approval::Required,
        fee_per_hour: r.fee_per_hour,
        group_waiver: r.group_waiver,
        weekly_quota_person: r.weekly_quota_person,
        weekly_quota_group: r.weekly_quota_group,
        hours: hours.0.iter().map(|d| d.map(|(opens, closes)| DayHours { opens, closes })).collect(),
        active: m.active,
        photo: m.photo_key.as_ref().map(|key| SpacePhoto {
            // the key changes with the photo, so a replaced photo is never served from a cache
            url: format!("/media/space-photos/{}?v={}", m.id, key.get(..8).unwrap_or_default()),
            alt: m.photo_alt.clone().unwrap_or_default(),
        }),
    }
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<space::Model, AppError> {
    space::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// The center's spaces (active ones, or all for staff), in name order.
pub async fn of_dong(db: &impl ConnectionTrait, dong: &DongCode, all: bool) -> Result<Vec<space::Model>, AppError> {
    let mut q = space::Entity::find().filter(space::Column::DongCode.eq(dong.as_str()));
    if !all {
        q = q.filter(space::Column::Active.eq(true));
    }
    Ok(q.order_by_asc(space::Column::Id).all(db).await?)
}

/// A space as staff enter it.
pub struct SpaceForm {
    pub details: SpaceDetails,
    pub rules: Rules,
    pub hours: OpeningHours,
}

fn active_model(f: &SpaceForm) -> space::ActiveModel {
    let (d, r) = (&f.details, &f.rules);
    space::ActiveModel {
        name: Set(d.name.clone()),
        kind: Set(d.kind.into()),
        capacity: Set(r.capacity as i32),
        floor: Set(d.floor.clone()),
        step_free: Set(d.access.step_free),
        elevator: Set(d.access.elevator),
        accessible_toilet: Set(d.access.accessible_toilet),
        hearing_loop: Set(d.access.hearing_loop),
        equipment: Set(d.equipment.clone()),
        description: Set(d.description.clone()),
        slot_minutes: Set(r.slot_minutes as i32),
        min_minutes: Set(r.min_minutes as i32),
        max_minutes: Set(r.max_minutes as i32),
        horizon_days: Set(r.horizon_days as i32),
        min_notice_minutes: Set(r.min_notice_minutes as i32),
        approval: Set(r.approval.into()),
        fee_per_hour: Set(r.fee_per_hour),
        group_waiver: Set(r.group_waiver),
        weekly_quota_person: Set(r.weekly_quota_person.map(|q| q as i32)),
        weekly_quota_group: Set(r.weekly_quota_group.map(|q| q as i32)),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
}

async fn write_hours(txn: &impl ConnectionTrait, id: i64, hours: &OpeningHours) -> Result<(), AppError> {
    space_hour::Entity::delete_many().filter(space_hour::Column::SpaceId.eq(id)).exec(txn).await?;
    let rows: Vec<space_hour::ActiveModel> = hours
        .0
        .iter()
        .enumerate()
        .filter_map(|(day, h)| {
            h.map(|(opens, closes)| space_hour::ActiveModel {
                space_id: Set(id),
                weekday: Set(day as i16),
                opens: Set(opens as i32),
                closes: Set(closes as i32),
            })
        })
        .collect();
    if !rows.is_empty() {
        space_hour::Entity::insert_many(rows).exec_without_returning(txn).await?;
    }
    Ok(())
}

fn duplicate_name(e: sea_orm::DbErr) -> AppError {
    if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) {
        AppError::input(Field::SpaceName, InputRule::Taken)
    } else {
        e.into()
    }
}

/// Adds a space to the center (its staff). Returns its id.
pub async fn create(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    form: SpaceForm,
) -> Result<i64, AppError> {
    authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let txn = crate::transaction::begin_write(db).await?;
    let id = space::Entity::insert(space::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        active: Set(true),
        created_at: Set(Utc::now()),
        ..active_model(&form)
    })
    .exec(&txn)
    .await
    .map_err(duplicate_name)?
    .last_insert_id;
    write_hours(&txn, id, &form.hours).await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::SpaceChanged,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "space": id, "created": form.details.name }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes a space's details, rules and hours (its center's staff). Existing bookings stay.
pub async fn update(db: &DatabaseConnection, actor: Option<&Actor>, id: i64, form: SpaceForm) -> Result<(), AppError> {
    let current = find(db, id).await?;
    let dong = DongCode::parse(&current.dong_code)?;
    authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let txn = crate::transaction::begin_write(db).await?;
    space::Entity::update(space::ActiveModel { id: Set(id), ..active_model(&form) })
        .exec(&txn)
        .await
        .map_err(duplicate_name)?;
    write_hours(&txn, id, &form.hours).await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::SpaceChanged,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "space": id, "updated": form.details.name }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Opens a space for booking again or retires it (its bookings stay, and staff still see them).
pub async fn set_active(db: &DatabaseConnection, actor: Option<&Actor>, id: i64, active: bool) -> Result<(), AppError> {
    let current = find(db, id).await?;
    let dong = DongCode::parse(&current.dong_code)?;
    authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let txn = crate::transaction::begin_write(db).await?;
    space::Entity::update(space::ActiveModel { id: Set(id), active: Set(active), ..Default::default() })
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::SpaceChanged,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "space": id, "active": active }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- closures ------------------------------------------------------------------------------

/// Closures of the center (whole-center ones and those of `space`, or of every space when
/// `space` is none) that overlap `window`.
pub async fn blackouts(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    space: Option<i64>,
    window: Span,
) -> Result<Vec<(Option<i64>, Blackout, i64)>, AppError> {
    let mut q = space_blackout::Entity::find()
        .filter(space_blackout::Column::DongCode.eq(dong.as_str()))
        .filter(space_blackout::Column::StartsAt.lt(from_local_minute(window.end)))
        .filter(space_blackout::Column::EndsAt.gt(from_local_minute(window.start)));
    if let Some(id) = space {
        q = q.filter(
            sea_orm::Condition::any()
                .add(space_blackout::Column::SpaceId.is_null())
                .add(space_blackout::Column::SpaceId.eq(id)),
        );
    }
    Ok(q.order_by_asc(space_blackout::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|b| {
            let span = Span { start: local_minute(b.starts_at), end: local_minute(b.ends_at) };
            (b.space_id, Blackout { span, reason: b.reason }, b.id)
        })
        .collect())
}

pub fn blackout_views(rows: &[(Option<i64>, Blackout, i64)], names: &HashMap<i64, String>) -> Vec<BlackoutView> {
    rows.iter()
        .map(|(space, b, id)| BlackoutView {
            id: *id,
            space: space.and_then(|s| names.get(&s).cloned()),
            start: b.span.start,
            end: b.span.end,
            reason: b.reason.clone(),
        })
        .collect()
}

/// Closes one space (or, with none, the whole center) for a while, with a public reason. Returns
/// the closure's id and how many active bookings fall in it (staff decide what becomes of them).
pub async fn add_blackout(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    space: Option<i64>,
    span: Span,
    reason: &str,
) -> Result<(i64, u64), AppError> {
    authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let reason = domain::text::bounded(Field::Reason, reason, 2, 200, false)?;
    if let Some(id) = space
        && find(db, id).await?.dong_code != dong.as_str()
    {
        return Err(AppError::input(Field::Space, InputRule::NotChosen));
    }
    let txn = crate::transaction::begin_write(db).await?;
    let id = space_blackout::Entity::insert(space_blackout::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        space_id: Set(space),
        starts_at: Set(from_local_minute(span.start)),
        ends_at: Set(from_local_minute(span.end)),
        reason: Set(reason.clone()),
        created_by: Set(me.user_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    let mut affected = booking::Entity::find()
        .filter(booking::Column::DongCode.eq(dong.as_str()))
        .filter(booking::Column::Status.is_in([Stored(Status::Requested), Stored(Status::Confirmed)]))
        .filter(booking::Column::StartsAt.lt(from_local_minute(span.end)))
        .filter(booking::Column::EndsAt.gt(from_local_minute(span.start)));
    if let Some(s) = space {
        affected = affected.filter(booking::Column::SpaceId.eq(s));
    }
    let affected = sea_orm::PaginatorTrait::count(affected, &txn).await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::BlackoutChanged,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "blackout": id, "space": space, "reason": reason }),
    )
    .await?;
    txn.commit().await?;
    Ok((id, affected))
}

/// Removes a closure (its center's staff).
pub async fn remove_blackout(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let b = space_blackout::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let dong = DongCode::parse(&b.dong_code)?;
    authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let txn = crate::transaction::begin_write(db).await?;
    space_blackout::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::BlackoutChanged,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "blackout": id, "removed": b.reason }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- the no-show rule ----------------------------------------------------------------------

pub async fn no_show_rule(db: &impl ConnectionTrait, dong: &DongCode) -> Result<NoShowRule, AppError> {
    Ok(booking_setting::Entity::find_by_id(dong.as_str().to_owned()).one(db).await?.map_or_else(
        NoShowRule::default,
        |s| NoShowRule {
            limit: s.no_show_limit.max(0) as u32,
            window_days: i64::from(s.no_show_window_days),
            suspension_days: i64::from(s.suspension_days),
        },
    ))
}

/// Sets how many no-shows suspend booking at the center, and for how long (its staff).
pub async fn set_no_show_rule(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    rule: NoShowRule,
) -> Result<(), AppError> {
    authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    audit::save_setting::<booking_setting::Entity>(
        db,
        booking_setting::ActiveModel {
            dong_code: Set(dong.as_str().to_owned()),
            no_show_limit: Set(rule.limit as i32),
            no_show_window_days: Set(rule.window_days as i32),
            suspension_days: Set(rule.suspension_days as i32),
            updated_by: Set(Some(me.user_id)),
            updated_at: Set(Utc::now()),
        },
        booking_setting::Column::DongCode,
        me.user_id,
        (AuditAction::BookingSettingsChanged, AuditScope::dong(dong), serde_json::json!({ "limit": rule.limit, "window_days": rule.window_days, "suspension_days": rule.suspension_days })),
    )
    .await
}

/// The fields of the space form, as typed.
pub struct SpaceInput<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub floor: &'a str,
    pub access: Access,
    pub equipment: &'a str,
    pub description: &'a str,
    pub rules: domain::booking::RulesInput<'a>,
    pub hours: [(&'a str, &'a str); 7],
}

impl SpaceForm {
    pub fn parse(i: &SpaceInput<'_>) -> Result<SpaceForm, AppError> {
        Ok(SpaceForm {
            details: SpaceDetails::parse(i.name, i.kind, i.floor, i.access, i.equipment, i.description)?,
            rules: Rules::parse(&i.rules)?,
            hours: OpeningHours::parse(&i.hours)?,
        })
    }
}

/// A kind's default name, for demo data and empty forms.
pub fn kind_name(kind: SpaceKind) -> &'static str {
    match kind {
        SpaceKind::BookCafe => "북카페",
        SpaceKind::ScreeningRoom => "상영실",
        SpaceKind::MeetingRoom => "회의실",
        SpaceKind::LectureRoom => "강의실",
        SpaceKind::Kitchen => "공유부엌",
        SpaceKind::Rooftop => "옥상정원",
        SpaceKind::Other => "다목적실",
    }
}

// ---- the photo ---------------------------------------------------------------------------------

/// Sets (or replaces) a space's photo (its center's staff), checked from its bytes. The file is
/// stored first; the old
/// file is removed once the row points at the new one, the new one if the row cannot be written.
pub async fn set_photo(
    db: &DatabaseConnection,
    media: &MediaStore,
    actor: Option<&Actor>,
    id: i64,
    bytes: Vec<u8>,
    alt: &str,
) -> Result<(), AppError> {
    let current = find(db, id).await?;
    let dong = DongCode::parse(&current.dong_code)?;
    authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong))?;
    if bytes.is_empty() {
        return Err(AppError::input(Field::Photo, InputRule::NoFile));
    }
    let image = CheckedImage::parse(bytes).map_err(|r| r.on(Field::Photo))?;
    let alt = ImageAlt::parse(alt)?;
    let image = &image;
    media
        .store_with(image.bytes(), |key| async move {
            space::Entity::update(space::ActiveModel {
                id: Set(id),
                photo_key: Set(Some(key.as_str().to_owned())),
                photo_type: Set(Some(image.facts().kind.mime().to_owned())),
                photo_alt: Set(Some(alt.into_inner())),
                updated_at: Set(Utc::now()),
                ..Default::default()
            })
            .exec(db)
            .await?;
            Ok(())
        })
        .await?;
    // the photo it replaced
    if let Some(old) = current.photo_key.as_deref().and_then(|k| MediaKey::parse(k).ok()) {
        media.remove(&old).await;
    }
    Ok(())
}

/// A space's photo file: public, like the space.
pub async fn photo_file(
    db: &DatabaseConnection,
    media: &MediaStore,
    id: i64,
) -> Result<(ImageKind, Vec<u8>), AppError> {
    let s = find(db, id).await?;
    let (Some(key), Some(mime)) = (s.photo_key, s.photo_type) else { return Err(AppError::NotFound) };
    let kind = ImageKind::from_mime(&mime).ok_or_else(|| {
        tracing::error!(space = id, content_type = %mime, "stored photo type not accepted");
        AppError::Internal
    })?;
    Ok((kind, media.get(&MediaKey::parse(&key)?).await?))
}
