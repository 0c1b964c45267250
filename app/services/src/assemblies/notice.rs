//! An assembly's printable notice (A4) for apartment and center notice boards: when and where,
//! the agenda, how to vote online, and a QR code to the assembly's page.

use crate::assemblies::{self, items_of};
use crate::time_fmt;
use contract::dto::NoticeView;
use contract::error::AppError;
use domain::lang::Lang;
use qrcode::QrCode;
use qrcode::render::svg;
use sea_orm::DatabaseConnection;

/// The QR code of `url` as an SVG document (black on white, for print).
pub fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = QrCode::new(url.as_bytes()).map_err(|e| {
        tracing::error!(error = %e, "cannot encode a QR code");
        AppError::Internal
    })?;
    let doc = code
        .render::<svg::Color>()
        .min_dimensions(180, 180)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // inside an HTML page: the <svg> element without the XML declaration
    Ok(doc.find("<svg").map_or(doc.clone(), |at| doc[at..].to_owned()))
}

/// The notice of a public (announced or later) assembly.
pub async fn notice(db: &DatabaseConnection, id: i64, public_url: &str, lang: Lang) -> Result<NoticeView, AppError> {
    let a = assemblies::find(db, id).await?;
    if !assemblies::is_public(&a) {
        return Err(AppError::NotFound);
    }
    let url = format!("{}/assemblies/{id}", public_url.trim_end_matches('/'));
    Ok(NoticeView {
        summary: assemblies::summary(db, &a).await?,
        when: format!(
            "{} {}–{}",
            time_fmt::seoul_long_date(a.session_starts_at, lang),
            time_fmt::seoul_time(a.session_starts_at),
            time_fmt::seoul_time(a.session_ends_at)
        ),
        pre_voting_from: a.pre_voting_starts_at.map(|t| time_fmt::seoul_long_date(t, lang)),
        items: items_of(db, id).await?.into_iter().map(|i| i.title).collect(),
        qr_svg: qr_svg(&url)?,
        url,
        cancel_reason: a.cancel_reason.clone(),
        rescheduled_at: a.rescheduled_at.map(time_fmt::seoul_datetime),
    })
}
