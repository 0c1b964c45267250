//! Proposal images over real HTTP: uploads through the edit page's form and the REST API, what
//! is refused (by content, not by name or declared type), how images are served, who may see and
//! change them, and the limit of five under concurrent uploads.

use crate::db_test;
use crate::identity::SINCHON;
use crate::participation::resident;
use crate::support::{Backend, TestApp, refusal_in, within};
use app::domain::image::{ImageRefusal, MAX_BYTES, samples};
use app::domain::{Field, InputRule, ValidationError};
use app::error_code::ErrorCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use services::entities::proposal_image;

/// The multipart form the edit page sends.
pub fn image_form(bytes: Vec<u8>, alt: &str) -> reqwest::multipart::Form {
    image_form_named(bytes, "photo.png", "image/png", alt)
}

fn image_form_named(bytes: Vec<u8>, file_name: &str, mime: &str, alt: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()).mime_str(mime).unwrap();
    reqwest::multipart::Form::new().part("image", part).text("alt", alt.to_owned())
}

/// A draft in Sinchon by a fresh verified resident, with one image: (proposal, image).
pub async fn draft_with_image(app: &TestApp) -> (i64, i64) {
    use app::domain::image::{CheckedImage, ImageAlt};
    use app::domain::proposal::ProposalContent;
    use services::{identity, proposal_images, proposals};
    let author = app.person("사진 올린 사람", Some(SINCHON)).await;
    app.verify(author, SINCHON).await;
    let actor = identity::load_actor(&app.db, author).await.unwrap().unwrap();
    let content = ProposalContent::parse(
        "사진이 있는 제안",
        "문제를 설명하는 글입니다.",
        "해결책을 설명하는 글입니다.",
        "safety",
        "",
        "",
    )
    .unwrap();
    let dong = app::domain::geo::DongCode::parse(SINCHON).unwrap();
    let id = proposals::create(&app.db, Some(&actor), &dong, content, None).await.unwrap();
    let media = services::storage::MediaStore::new(app.media_dir());
    let image = CheckedImage::parse(samples::png(40, 30)).unwrap();
    let img = proposal_images::add(&app.db, &media, Some(&actor), id, &image, ImageAlt::default()).await.unwrap();
    (id, img)
}

/// Publishes a proposal as its author would.
pub async fn publish_as_author(app: &TestApp, id: i64) {
    use services::{identity, proposals};
    let p = services::entities::proposal::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    let actor = identity::load_actor(&app.db, p.author_id).await.unwrap().unwrap();
    proposals::publish(&app.db, Some(&actor), id).await.unwrap();
}

async fn upload(app: &TestApp, cookie: Option<&str>, id: i64, form: reqwest::multipart::Form) -> reqwest::Response {
    let mut req = app.client.post(app.url(&format!("/proposals/{id}/images"))).multipart(form);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    within("image upload", req.send()).await.unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn images_of(app: &TestApp, id: i64) -> Vec<proposal_image::Model> {
    proposal_image::Entity::find()
        .filter(proposal_image::Column::ProposalId.eq(id))
        .order_by_asc(proposal_image::Column::Position)
        .all(&app.db)
        .await
        .unwrap()
}

/// A draft by a fresh signed-in verified resident of Sinchon: (proposal, author's cookie).
pub(crate) async fn own_draft(app: &TestApp, name: &str) -> (i64, String) {
    let (_, cookie) = resident(app, name).await;
    let res = app
        .call(
            "proposals/create",
            Some(&cookie),
            &[
                ("dong", SINCHON.into()),
                ("title", "놀이터 그늘막 설치".into()),
                ("problem", "놀이터가 여름에 너무 뜨겁습니다.".into()),
                ("solution", "그늘막 두 개를 설치합시다.".into()),
                ("category", "children_youth".into()),
                ("cost_won", "".into()),
                ("location", "".into()),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    (res.json().await.unwrap(), cookie)
}

async fn body_of(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String) {
    let res = match cookie {
        Some(c) => app.get_with_cookie(path, c).await,
        None => app.get(path).await,
    };
    (res.status().as_u16(), res.text().await.unwrap())
}

db_test!(an_author_attaches_photos_that_are_served_as_images, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (id, cookie) = own_draft(&app, "김사진").await;
    let (_, other) = resident(&app, "이이웃").await;

    let png = samples::png(640, 480);
    let res = upload(&app, Some(&cookie), id, image_form(png.clone(), "그늘 없는 미끄럼틀")).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/proposals/{id}/edit?image_added=1#images"));
    // the type comes from the bytes: a JPEG sent as "text/plain" named .txt is a JPEG
    let jpeg = samples::jpeg(800, 600);
    let res = upload(&app, Some(&cookie), id, image_form_named(jpeg.clone(), "notes.txt", "text/plain", "")).await;
    assert_eq!(location(&res), format!("/proposals/{id}/edit?image_added=1#images"));

    let rows = images_of(&app, id).await;
    let facts: Vec<_> = rows.iter().map(|r| (r.position, r.content_type.as_str(), r.width, r.height)).collect();
    assert_eq!(facts, [(0, "image/png", 640, 480), (1, "image/jpeg", 800, 600)]);
    assert_eq!(rows[0].alt_text, "그늘 없는 미끄럼틀");
    assert_eq!(rows[0].byte_size, png.len() as i64);
    // the files are outside the database, named by the server's keys, not the uploader's names
    let files = app.media_files();
    assert_eq!(files.len(), 2);
    for r in &rows {
        assert!(files.iter().any(|f| f.file_name().unwrap().to_str() == Some(r.storage_key.as_str())));
    }

    // served with the found type, and never as a document
    let res = app.get_with_cookie(&format!("/media/proposal-images/{}", rows[0].id), &cookie).await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert!(h["content-disposition"].to_str().unwrap().starts_with("inline; filename=\"proposal-image-"));
    assert_eq!(res.bytes().await.unwrap().to_vec(), png);
    let res = app.get_with_cookie(&format!("/media/proposal-images/{}", rows[1].id), &cookie).await;
    assert_eq!(res.headers()["content-type"], "image/jpeg");

    // a draft's images are its author's alone
    let draft_image = format!("/media/proposal-images/{}", rows[0].id);
    assert_eq!(app.get(&draft_image).await.status(), 404);
    assert_eq!(app.get_with_cookie(&draft_image, &other).await.status(), 404);

    // the edit page lists them with their descriptions
    let (status, html) = body_of(&app, &format!("/proposals/{id}/edit?image_added=1"), Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("src=\"/media/proposal-images/{}\"", rows[0].id)));
    assert!(html.contains("alt=\"그늘 없는 미끄럼틀\""));
    assert!(html.contains("alt=\"제안 사진 2/2\""), "an image without a description is named by its place");
    assert!(html.contains("사진을 올렸습니다"));

    // once published, everyone sees them, on the page and in the API
    publish_as_author(&app, id).await;
    assert_eq!(app.get(&draft_image).await.status(), 200);
    let (_, html) = body_of(&app, &format!("/proposals/{id}"), None).await;
    assert!(html.contains(&format!("src=\"/media/proposal-images/{}\"", rows[1].id)));
    let api: serde_json::Value = app.get(&format!("/api/v1/proposals/{id}")).await.json().await.unwrap();
    assert_eq!(api["images"].as_array().unwrap().len(), 2);
    assert_eq!(api["images"][0]["url"], format!("/media/proposal-images/{}", rows[0].id));
    assert_eq!(api["images"][0]["alt"], "그늘 없는 미끄럼틀");
});

db_test!(files_that_are_not_images_are_refused_and_leave_nothing, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (id, cookie) = own_draft(&app, "김사진").await;
    let mut over_limit = samples::png(10, 10);
    over_limit.resize(MAX_BYTES + 1, 0);
    let cases: Vec<(&str, Vec<u8>, &str, &str, ImageRefusal)> = vec![
        (
            "html named .png",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "x.png",
            "image/png",
            ImageRefusal::NotAnImage,
        ),
        (
            "svg with a script",
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
            "x.svg",
            "image/svg+xml",
            ImageRefusal::NotAnImage,
        ),
        (
            "png signature then html",
            b"\x89PNG\r\n\x1a\n<script>alert(1)</script>".to_vec(),
            "x.png",
            "image/png",
            ImageRefusal::NotAnImage,
        ),
        ("gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(), "x.gif", "image/gif", ImageRefusal::NotAnImage),
        ("empty file", Vec::new(), "x.png", "image/png", ImageRefusal::Empty),
        ("one byte over 5 MB", over_limit, "big.png", "image/png", ImageRefusal::TooLarge),
        ("too wide", samples::png(12_001, 10), "wide.png", "image/png", ImageRefusal::BadDimensions),
    ];
    let refused = |r: ImageRefusal| Some(ErrorCode::from(ValidationError::from(r)));
    let edit = format!("/proposals/{id}/edit?");
    for (what, bytes, name, mime, code) in cases {
        let res = upload(&app, Some(&cookie), id, image_form_named(bytes, name, mime, "")).await;
        assert_eq!(res.status(), 303, "{what}");
        let to = location(&res);
        assert!(to.starts_with(&edit) && to.ends_with("#images"), "{what}: {to}");
        assert_eq!(refusal_in(&to, "image_error"), refused(code), "{what}: {to}");
    }
    // a description over 200 characters: the image is not kept either
    let res = upload(&app, Some(&cookie), id, image_form(samples::png(10, 10), &"가".repeat(201))).await;
    let alt = ErrorCode::Input { field: Field::Alt, rule: InputRule::Length { min: 0, max: 200 } };
    assert_eq!(refusal_in(&location(&res), "image_error"), Some(alt));
    // a form without any file
    let res = upload(&app, Some(&cookie), id, reqwest::multipart::Form::new().text("alt", "설명")).await;
    assert_eq!(refusal_in(&location(&res), "image_error"), refused(ImageRefusal::Empty));
    assert!(images_of(&app, id).await.is_empty());
    assert!(app.media_files().is_empty(), "refused uploads leave no file: {:?}", app.media_files());

    // the page words each code in the reader's language
    let query = ErrorCode::from(ValidationError::from(ImageRefusal::NotAnImage)).query_pair("image_error");
    let (_, html) = body_of(&app, &format!("/proposals/{id}/edit?{query}"), Some(&cookie)).await;
    assert!(html.contains("JPEG, PNG, WebP 사진만 올릴 수 있습니다."));

    // the REST API answers the same refusals as problems
    let res = within(
        "REST upload",
        app.client
            .post(app.url(&format!("/api/v1/proposals/{id}/images")))
            .header("cookie", &cookie)
            .multipart(image_form(b"<html></html>".to_vec(), ""))
            .send(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 422);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert!(problem.to_string().contains("JPEG, PNG or WebP"), "{problem}");
});

db_test!(only_the_author_changes_photos_while_editable_and_never_more_than_five, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (id, cookie) = own_draft(&app, "김사진").await;
    let (_, other) = resident(&app, "이이웃").await;

    // others: refused, anonymous: asked to sign in
    assert_eq!(upload(&app, Some(&other), id, image_form(samples::png(9, 9), "")).await.status(), 403);
    assert_eq!(upload(&app, None, id, image_form(samples::png(9, 9), "")).await.status(), 401);
    assert!(images_of(&app, id).await.is_empty());

    // eight uploads at once: five are kept, three are told there is no room
    let tasks: Vec<_> = (0..8u32)
        .map(|i| {
            let (client, url, cookie) =
                (app.client.clone(), app.url(&format!("/proposals/{id}/images")), cookie.clone());
            tokio::spawn(async move {
                let form = image_form(samples::png(100 + i, 100), &format!("사진 {i}"));
                let res = within("upload", client.post(url).header("cookie", cookie).multipart(form).send()).await;
                res.unwrap().headers()["location"].to_str().unwrap().to_owned()
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    let added = outcomes.iter().filter(|l| l.contains("image_added=1")).count();
    let full = outcomes.iter().filter(|l| refusal_in(l, "image_error") == Some(ErrorCode::TooManyImages)).count();
    assert_eq!((added, full), (5, 3), "{outcomes:?}");
    let rows = images_of(&app, id).await;
    assert_eq!(rows.iter().map(|r| r.position).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    assert_eq!(app.media_files().len(), 5, "files of refused uploads are removed");
    let (_, html) = body_of(&app, &format!("/proposals/{id}/edit"), Some(&cookie)).await;
    assert!(html.contains("사진 (5/5)") && !html.contains("name=\"image\""), "no upload form when full");

    // the database holds the limit on its own
    let sixth = proposal_image::ActiveModel { position: sea_orm::Set(5), ..row_like(&rows[0]) };
    assert!(sea_orm::ActiveModelTrait::insert(sixth, &app.db).await.is_err(), "position 5 is refused");
    let twin = proposal_image::ActiveModel { position: sea_orm::Set(4), ..row_like(&rows[0]) };
    assert!(sea_orm::ActiveModelTrait::insert(twin, &app.db).await.is_err(), "a taken position is refused");

    // removing needs the confirmation, then takes row and file
    let res = app.call("proposals/images/remove", Some(&cookie), &[("image_id", rows[2].id.to_string())]).await;
    assert_eq!(res.status(), 422);
    let res = app
        .call(
            "proposals/images/remove",
            Some(&other),
            &[("image_id", rows[2].id.to_string()), ("confirm", "on".into())],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .call(
            "proposals/images/remove",
            Some(&cookie),
            &[("image_id", rows[2].id.to_string()), ("confirm", "on".into())],
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(images_of(&app, id).await.len(), 4);
    assert_eq!(app.media_files().len(), 4);
    assert_eq!(app.get_with_cookie(&format!("/media/proposal-images/{}", rows[2].id), &cookie).await.status(), 404);
    // the freed place is taken by the next upload
    let res = upload(&app, Some(&cookie), id, image_form(samples::webp(50, 40), "")).await;
    assert!(location(&res).contains("image_added=1"));
    assert_eq!(images_of(&app, id).await[2].content_type, "image/webp");

    // after the first support, photos are as fixed as the text
    publish_as_author(&app, id).await;
    let res = app.call("proposals/support", Some(&other), &[("id", id.to_string()), ("support", "1".into())]).await;
    assert!(res.status().is_success(), "{}", res.status());
    let res = app
        .call(
            "proposals/images/remove",
            Some(&cookie),
            &[("image_id", rows[0].id.to_string()), ("confirm", "on".into())],
        )
        .await;
    assert_eq!(res.status(), 409);
    // (make room first, so the refusal can only be about the support)
    proposal_image::Entity::delete_by_id(rows[0].id).exec(&app.db).await.unwrap();
    let res = upload(&app, Some(&cookie), id, image_form(samples::png(9, 9), "")).await;
    assert_eq!(refusal_in(&location(&res), "image_error"), Some(ErrorCode::ProposalNotEditable));
    assert_eq!(images_of(&app, id).await.len(), 4);
});

db_test!(the_rest_api_attaches_images_with_a_read_write_token, |backend: Backend| async move {
    use app::domain::identity::TokenScope;
    use services::identity;
    let app = TestApp::spawn(&backend).await;
    let (id, _) = own_draft(&app, "김사진").await;
    let author = services::entities::proposal::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().author_id;
    let actor = identity::load_actor(&app.db, author).await.unwrap().unwrap();
    let rw = identity::create_token(&app.db, &actor, "rw".into(), TokenScope::ReadWrite).await.unwrap();
    let ro = identity::create_token(&app.db, &actor, "ro".into(), TokenScope::Read).await.unwrap();
    let post = |token: String| {
        app.client
            .post(app.url(&format!("/api/v1/proposals/{id}/images")))
            .bearer_auth(token)
            .multipart(image_form(samples::jpeg(30, 20), "API로 올린 사진"))
            .send()
    };
    assert_eq!(within("read token", post(ro)).await.unwrap().status(), 403);
    let res = within("read_write token", post(rw)).await.unwrap();
    assert_eq!(res.status(), 201);
    let created: serde_json::Value = res.json().await.unwrap();
    let rows = images_of(&app, id).await;
    assert_eq!(created["id"], rows[0].id);
    assert_eq!((rows[0].content_type.as_str(), rows[0].alt_text.as_str()), ("image/jpeg", "API로 올린 사진"));
});

/// An active model with `m`'s values and a fresh key (for inserting near-copies).
fn row_like(m: &proposal_image::Model) -> proposal_image::ActiveModel {
    use sea_orm::Set;
    proposal_image::ActiveModel {
        id: sea_orm::NotSet,
        proposal_id: Set(m.proposal_id),
        position: Set(m.position),
        storage_key: Set(uuid::Uuid::new_v4().simple().to_string()),
        content_type: Set(m.content_type.clone()),
        byte_size: Set(m.byte_size),
        width: Set(m.width),
        height: Set(m.height),
        alt_text: Set(m.alt_text.clone()),
        uploaded_by: Set(m.uploaded_by),
        created_at: Set(m.created_at),
    }
}

db_test!(uploaded_photos_lose_their_location_and_other_metadata, |backend: Backend| async move {
    use app::domain::image_meta::samples as tagged;
    let app = TestApp::spawn(&backend).await;
    let (id, cookie) = own_draft(&app, "박위치").await;
    for (bytes, name, mime) in [
        (tagged::jpeg_with_gps(400, 300), "lamp.jpg", "image/jpeg"),
        (tagged::png_with_gps(40, 30), "lamp.png", "image/png"),
        (tagged::webp_with_gps(64, 48, 6), "lamp.webp", "image/webp"),
    ] {
        assert!(bytes.windows(tagged::GPS_MARK.len()).any(|w| w == tagged::GPS_MARK));
        let res = upload(&app, Some(&cookie), id, image_form_named(bytes, name, mime, "고장 난 가로등")).await;
        assert_eq!(location(&res), format!("/proposals/{id}/edit?image_added=1#images"), "{name}");
    }
    let rows = images_of(&app, id).await;
    assert_eq!(rows.len(), 3);
    for r in &rows {
        let res = app.get_with_cookie(&format!("/media/proposal-images/{}", r.id), &cookie).await;
        assert_eq!(res.status(), 200);
        let served = res.bytes().await.unwrap();
        assert!(!served.windows(tagged::GPS_MARK.len()).any(|w| w == tagged::GPS_MARK), "{}", r.content_type);
        assert_eq!(r.byte_size, served.len() as i64, "the stored size is the stripped file's");
    }
    // nor is it anywhere on disk
    for f in app.media_files() {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!bytes.windows(tagged::GPS_MARK.len()).any(|w| w == tagged::GPS_MARK), "{}", f.display());
    }
});
