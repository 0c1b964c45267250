//! The human-readable page of the public API, generated from the OpenAPI document.

use crate::api::geo::api_operations;
use crate::components::Loaded;
use crate::components::feedback::error_view;
use crate::components::layout::Breadcrumbs;
use crate::i18n::use_messages;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let t = use_messages();
    let ops = Resource::new(|| (), |_| api_operations());
    view! {
        <Title text=t.api_title />
        <Breadcrumbs items=vec![] current=t.api_title.to_owned() />
        <h1>{t.api_title}</h1>
        <p class="lead">{t.api_lead}</p>
        <p>
            <a href="/api/v1/openapi.json">{t.api_document}</a>
        </p>
        <Loaded data=ops error=error_view let:ops>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t.api_method}</th>
                            <th scope="col">{t.api_path}</th>
                            <th scope="col">{t.api_summary}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {ops
                            .into_iter()
                            .map(|op| {
                                view! {
                                    <tr>
                                        <td><code>{op.method}</code></td>
                                        <td><code>{op.path}</code></td>
                                        <td>{op.summary}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </Loaded>
    }
}
