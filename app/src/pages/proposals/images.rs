//! A proposal's photos: the editor on its edit page and the gallery on its page.

use crate::api::proposals::RemoveProposalImage;
use crate::components::form::{ConfirmBox, FormError, refusal_text};
use crate::domain::lang::Lang;
use crate::dto::ProposalImage;
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The photos of a proposal on its edit page: each with a remove button (confirmed), and the
/// upload form. The upload is a plain multipart form post (`api::proposals::routes`), which comes back here
/// with `?image_added=1` or `?image_error=<code>`.
#[component]
pub(super) fn ProposalImagesEditor(
    id: i64,
    images: Vec<ProposalImage>,
    editable: bool,
    remove: ServerAction<RemoveProposalImage>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let uploaded = query.with_untracked(|q| q.get("image_added").is_some());
    let problem = query.with_untracked(|q| q.get("image_error")).map(|code| refusal_text(lang, &code));
    let added = uploaded && problem.is_none();
    let count = images.len();
    let room = count < MAX_IMAGES;
    view! {
        <section class="panel" id="images" aria-labelledby="images-heading">
            <h2 id="images-heading">{format!("{} ({count}/{MAX_IMAGES})", lang.pick("사진", "Photos"))}</h2>
            {problem.map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            {added.then(|| view! {
                <p class="form-done" role="status">{lang.pick("사진을 올렸습니다.", "Photo added.")}</p>
            })}
            {if images.is_empty() {
                view! { <p class="empty">{lang.pick("아직 사진이 없습니다.", "No photos yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="image-grid">
                        {images.into_iter().enumerate().map(|(i, img)| {
                            let alt = image_alt(lang, &img.alt, i + 1, count);
                            let caption = if img.alt.is_empty() {
                                lang.pick("(설명 없음)", "(no description)").to_owned()
                            } else {
                                img.alt.clone()
                            };
                            view! {
                                <li>
                                    <figure>
                                        <img src=img.url.clone() alt=alt width=img.width height=img.height loading="lazy" />
                                        <figcaption>{caption}</figcaption>
                                    </figure>
                                    {editable.then(|| view! {
                                        <details class="danger-zone">
                                            <summary>{lang.pick("이 사진 빼기", "Remove this photo")}</summary>
                                            <ActionForm action=remove attr:class="stack">
                                                <input type="hidden" name="image_id" value=img.id.to_string() />
                                                <ConfirmBox label=lang.pick("사진을 지우면 되돌릴 수 없습니다.", "A removed photo cannot be restored.") />
                                                <button type="submit" class="btn-danger">{lang.pick("빼기", "Remove")}</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <FormError action=remove />
            {match (editable, room) {
                (false, _) => view! {
                    <p class="hint">{lang.pick("공감을 받은 제안은 사진을 바꿀 수 없습니다.", "Photos cannot be changed once the proposal has supports.")}</p>
                }.into_any(),
                (true, false) => view! {
                    <p class="hint">{lang.pick("사진은 5장까지 올릴 수 있습니다. 바꾸려면 먼저 하나를 빼세요.", "Up to 5 photos. Remove one to add another.")}</p>
                }.into_any(),
                (true, true) => view! {
                    <form method="post" action=format!("/proposals/{id}/images") enctype="multipart/form-data" class="stack">
                        <label for="img-file">{lang.pick("사진 파일", "Photo file")}</label>
                        <input id="img-file" type="file" name="image" accept="image/jpeg,image/png,image/webp" required aria-describedby="img-hint" />
                        <p class="hint" id="img-hint">{lang.pick("JPEG, PNG, WebP 파일을 5MB까지 올릴 수 있습니다.", "JPEG, PNG or WebP, up to 5 MB.")}</p>
                        <label for="img-alt">{lang.pick("사진 설명 (선택)", "Description (optional)")}</label>
                        <input id="img-alt" name="alt" maxlength="200" aria-describedby="alt-hint" />
                        <p class="hint" id="alt-hint">{lang.pick("화면을 보기 어려운 주민을 위해 무엇이 찍혔는지 적어 주세요.", "Say what the photo shows, for residents who cannot see it.")}</p>
                        <button type="submit" class="btn">{lang.pick("사진 올리기", "Upload photo")}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

const MAX_IMAGES: usize = crate::domain::image::MAX_PER_PROPOSAL;

/// An image's text alternative: its description, or its place among the proposal's photos.
fn image_alt(lang: Lang, alt: &str, n: usize, of: usize) -> String {
    if !alt.is_empty() {
        return alt.to_owned();
    }
    match lang {
        Lang::Ko => format!("제안 사진 {n}/{of}"),
        Lang::En => format!("Proposal photo {n} of {of}"),
    }
}

/// A proposal's photos, each linking to the full image.
#[component]
pub(super) fn ImageGallery(images: Vec<ProposalImage>) -> impl IntoView {
    let lang = use_prefs().lang;
    let count = images.len();
    view! {
        <ul class="image-grid">
            {images.into_iter().enumerate().map(|(i, img)| {
                let alt = image_alt(lang, &img.alt, i + 1, count);
                view! {
                    <li>
                        <figure>
                            <a href=img.url.clone()>
                                <img src=img.url.clone() alt=alt width=img.width height=img.height loading="lazy" />
                            </a>
                            {(!img.alt.is_empty()).then(|| view! { <figcaption>{img.alt.clone()}</figcaption> })}
                        </figure>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
