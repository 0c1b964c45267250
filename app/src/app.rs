//! The root component, the HTML shell and the routes.

use crate::i18n::{Prefs, use_messages};
use crate::pages::{
    account::AccountPage,
    admin::{AuditPageView, RolesPage},
    api_docs::ApiDocsPage,
    assemblies::door::{AssemblyDoorPage, AssemblyLivePage},
    assemblies::notice::AssemblyNoticePage,
    assemblies::results::AssemblyResultsPage,
    assemblies::{AssemblyListPage, AssemblyPage, NewAssemblyPage},
    bookings::spaces::{CenterSpacesPage, SpaceEditPage, SpacePage},
    bookings::{BookingPage, ConsolePage, DistrictSpacesPage, MyBookingsPage},
    calls::CallListPage,
    district::DistrictPage,
    dong::DongPage,
    expert::ExpertPage,
    fund::claims::{ClaimPage, ClaimsPage},
    fund::{FundPage, ProjectPage, StatementPage},
    groups::{GroupDetailPage, GroupListPage, NewGroupPage},
    home::HomePage,
    messages::{ConfirmContactPage, DevOutboxPage, UnsubscribePage},
    not_found::NotFound,
    notifications::NotificationsPage,
    proposals::{EditProposalPage, NewProposalPage, ProposalDetailPage, ProposalListPage},
    search::DongSearchPage,
    sign_in::SignInPage,
    staff::{PrintCodePage, StaffDongPage, StaffHomePage},
    welfare::{CasePage, CaseQueuePage, OversightPage, ReferralPage, SectionsPage, StatusPage},
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// What every page needs to know about the request: the visitor's display preferences and
/// whether demo data is loaded. Read from the request on the server, and from the attributes of
/// `<html>` (which the server wrote) when hydrating, so that both render the same page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageEnv {
    pub prefs: Prefs,
    pub demo: bool,
}

#[cfg(feature = "ssr")]
fn read_page_env() -> PageEnv {
    let prefs = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Prefs::from_cookie_header))
        .unwrap_or_default();
    let demo = use_context::<crate::api::state::AppState>().is_some_and(|s| s.site.demo);
    PageEnv { prefs, demo }
}

#[cfg(not(feature = "ssr"))]
fn read_page_env() -> PageEnv {
    use crate::domain::lang::Lang;
    let Some(html) = document().document_element() else {
        return PageEnv::default();
    };
    let lang = html.get_attribute("lang").and_then(|l| Lang::from_code(&l)).unwrap_or_default();
    let easy = html.get_attribute("class").is_some_and(|c| c.split_whitespace().any(|c| c == "easy"));
    let demo = html.get_attribute("data-demo").is_some();
    PageEnv { prefs: Prefs { lang, easy }, demo }
}

/// The page environment of the current request (provided by `App`, read once).
pub fn use_page_env() -> PageEnv {
    use_context::<PageEnv>().unwrap_or_else(read_page_env)
}

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let env = read_page_env();
    let class = env.prefs.easy.then_some("easy");
    let demo = env.demo.then_some("1");
    view! {
        <!DOCTYPE html>
        <html lang=env.prefs.lang.code() class=class data-demo=demo>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <crate::components::scripts::PageScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let env = use_page_env();
    provide_context(env);
    provide_context(env.prefs);
    provide_context(crate::components::form::DoneMarker::of_request());
    let t = use_messages();
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { t.site_name.to_owned() } else { format!("{page} · {}", t.site_name) }
        } />
        <Router>
            <crate::components::layout::Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("districts/:code") view=DistrictPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code") view=DongPage ssr=SsrMode::Async />
                    <Route path=path!("developers") view=ApiDocsPage ssr=SsrMode::Async />
                    <Route path=path!("sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("staff") view=StaffHomePage ssr=SsrMode::Async />
                    <Route path=path!("staff/:dong") view=StaffDongPage ssr=SsrMode::Async />
                    <Route path=path!("staff/:dong/calls") view=CallListPage ssr=SsrMode::Async />
                    <Route path=path!("staff/:dong/codes/:id") view=PrintCodePage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/sections") view=SectionsPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/welfare") view=CaseQueuePage ssr=SsrMode::Async />
                    <Route path=path!("welfare/cases/:id") view=CasePage ssr=SsrMode::Async />
                    <Route path=path!("districts/:code/welfare") view=OversightPage ssr=SsrMode::Async />
                    <Route path=path!("welfare/refer") view=ReferralPage ssr=SsrMode::Async />
                    <Route path=path!("welfare/status") view=StatusPage ssr=SsrMode::Async />
                    <Route path=path!("admin/roles") view=RolesPage ssr=SsrMode::Async />
                    <Route path=path!("audit") view=AuditPageView ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/search") view=DongSearchPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/proposals") view=ProposalListPage ssr=SsrMode::Async />
                    <Route path=path!("districts/:code/proposals") view=ProposalListPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/proposals/new") view=NewProposalPage ssr=SsrMode::Async />
                    <Route path=path!("proposals/:id") view=ProposalDetailPage ssr=SsrMode::Async />
                    <Route path=path!("proposals/:id/edit") view=EditProposalPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/groups") view=GroupListPage ssr=SsrMode::Async />
                    <Route path=path!("districts/:code/groups") view=GroupListPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/groups/new") view=NewGroupPage ssr=SsrMode::Async />
                    <Route path=path!("groups/:id") view=GroupDetailPage ssr=SsrMode::Async />
                    <Route path=path!("expert/:district") view=ExpertPage ssr=SsrMode::Async />
                    <Route path=path!("notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("account/confirm") view=ConfirmContactPage ssr=SsrMode::Async />
                    <Route path=path!("unsubscribe") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("dev/outbox") view=DevOutboxPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/assemblies") view=AssemblyListPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/assemblies/new") view=NewAssemblyPage ssr=SsrMode::Async />
                    <Route path=path!("assemblies/:id") view=AssemblyPage ssr=SsrMode::Async />
                    <Route path=path!("assemblies/:id/results") view=AssemblyResultsPage ssr=SsrMode::Async />
                    <Route path=path!("assemblies/:id/door") view=AssemblyDoorPage ssr=SsrMode::Async />
                    <Route path=path!("assemblies/:id/live") view=AssemblyLivePage ssr=SsrMode::Async />
                    <Route path=path!("assemblies/:id/notice") view=AssemblyNoticePage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/fund") view=FundPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/fund/statements/:month") view=StatementPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/fund/claims") view=ClaimsPage ssr=SsrMode::Async />
                    <Route path=path!("fund/claims/:id") view=ClaimPage ssr=SsrMode::Async />
                    <Route path=path!("fund/projects/:id") view=ProjectPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/spaces") view=CenterSpacesPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/spaces/new") view=SpaceEditPage ssr=SsrMode::Async />
                    <Route path=path!("dongs/:code/spaces/console") view=ConsolePage ssr=SsrMode::Async />
                    <Route path=path!("districts/:code/spaces") view=DistrictSpacesPage ssr=SsrMode::Async />
                    <Route path=path!("spaces/:id") view=SpacePage ssr=SsrMode::Async />
                    <Route path=path!("spaces/:id/edit") view=SpaceEditPage ssr=SsrMode::Async />
                    <Route path=path!("bookings") view=MyBookingsPage ssr=SsrMode::Async />
                    <Route path=path!("bookings/:id") view=BookingPage ssr=SsrMode::Async />
                </Routes>
            </crate::components::layout::Layout>
        </Router>
    }
}
