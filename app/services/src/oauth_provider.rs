//! The OAuth2 authorization code flow with PKCE (S256) against a configured provider: the
//! authorize redirect, then the code exchange and the userinfo request. The HTTP client follows
//! no redirects (a token endpoint that redirects could otherwise forward the code and the
//! client secret to another host).

use crate::identity::ProviderIdentity;
use contract::error::AppError;
use domain::oauth::{ClientAuth, ProviderConfig, claim};
use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

/// What the session remembers between the redirect to the provider and the callback.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub provider: String,
    pub state: String,
    pub pkce_verifier: String,
    pub stay_signed_in: bool,
    /// Link the identity to the signed-in account instead of signing in.
    pub link: bool,
}

/// The HTTP client for provider requests: no redirects, short timeouts.
pub fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(std::time::Duration::from_secs(5))
        .timeout(std::time::Duration::from_secs(15))
        .user_agent("uri-dongne")
        .build()
}

fn config_error(provider: &ProviderConfig, e: impl std::fmt::Display) -> AppError {
    tracing::error!(provider = %provider.id, error = %e, "OAuth provider is misconfigured");
    AppError::Internal
}

/// The callback URL registered with every provider.
pub fn redirect_url(public_url: &str, provider: &str) -> String {
    format!("{}/auth/oauth/{provider}/callback", public_url.trim_end_matches('/'))
}

/// The provider's authorize URL, and what to remember until the callback.
pub fn start(
    p: &ProviderConfig,
    public_url: &str,
    stay_signed_in: bool,
    link: bool,
) -> Result<(String, PendingSignIn), AppError> {
    let client = BasicClient::new(ClientId::new(p.client_id.clone()))
        .set_auth_uri(AuthUrl::new(p.auth_url.clone()).map_err(|e| config_error(p, e))?)
        .set_redirect_uri(RedirectUrl::new(redirect_url(public_url, &p.id)).map_err(|e| config_error(p, e))?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(p.scopes.iter().cloned().map(Scope::new))
        .set_pkce_challenge(challenge)
        .url();
    Ok((
        url.to_string(),
        PendingSignIn {
            provider: p.id.clone(),
            state: state.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            stay_signed_in,
            link,
        },
    ))
}

fn provider_error(p: &ProviderConfig, what: &str, e: impl std::fmt::Display) -> AppError {
    tracing::warn!(provider = %p.id, error = %e, "OAuth sign-in failed: {what}");
    AppError::Transport(format!("the sign-in provider did not answer as expected ({what})"))
}

/// Exchanges the code (with the PKCE verifier) and asks the provider who signed in.
pub async fn finish(
    http: &reqwest::Client,
    p: &ProviderConfig,
    public_url: &str,
    code: String,
    pkce_verifier: String,
) -> Result<ProviderIdentity, AppError> {
    let client = BasicClient::new(ClientId::new(p.client_id.clone()))
        .set_client_secret(ClientSecret::new(p.client_secret.clone()))
        .set_token_uri(TokenUrl::new(p.token_url.clone()).map_err(|e| config_error(p, e))?)
        .set_redirect_uri(RedirectUrl::new(redirect_url(public_url, &p.id)).map_err(|e| config_error(p, e))?)
        .set_auth_type(match p.client_auth {
            ClientAuth::Basic => AuthType::BasicAuth,
            ClientAuth::Body => AuthType::RequestBody,
        });
    let token = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
        .request_async(http)
        .await
        .map_err(|e| provider_error(p, "token exchange", e))?;
    let res = http
        .get(&p.userinfo_url)
        .bearer_auth(token.access_token().secret())
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| provider_error(p, "userinfo request", e))?;
    if !res.status().is_success() {
        return Err(provider_error(p, "userinfo status", res.status()));
    }
    let doc: serde_json::Value = res.json().await.map_err(|e| provider_error(p, "userinfo body", e))?;
    let subject = claim(&doc, &p.subject_claim)
        .ok_or_else(|| provider_error(p, "userinfo claims", format!("no `{}` claim", p.subject_claim)))?;
    if subject.len() > 255 {
        return Err(provider_error(p, "userinfo claims", "subject longer than 255 bytes"));
    }
    let name = p.name_claim.as_deref().and_then(|c| claim(&doc, c));
    Ok(ProviderIdentity { provider: p.id.clone(), subject, name })
}
