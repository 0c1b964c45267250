//! OAuth2 / OpenID Connect providers are configuration, not code. Kakao, Naver and Google are
//! presets (their endpoints and claims); any other provider is described in full.
//!
//! Settings, per provider id listed in `UD_OAUTH_PROVIDERS` (e.g. `kakao,google,city`):
//! `UD_OAUTH_<ID>_PRESET` (kakao|naver|google|generic, default: the id if it names a preset),
//! `_CLIENT_ID`, `_CLIENT_SECRET`, and for generic providers (or to override a preset)
//! `_AUTH_URL`, `_TOKEN_URL`, `_USERINFO_URL`, `_SCOPES` (space separated), `_SUBJECT_CLAIM`,
//! `_NAME_CLAIM`, `_LABEL`, `_CLIENT_AUTH` (basic|body).

use super::SetupError;
use serde::{Deserialize, Serialize};

/// How the client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientAuth {
    /// HTTP Basic (`client_secret_basic`).
    Basic,
    /// In the request body (`client_secret_post`), as Kakao and Naver expect.
    Body,
}

/// One configured sign-in provider.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderConfig {
    /// Lowercase id used in URLs and stored with each linked identity.
    pub id: String,
    /// The button label.
    pub label: String,
    pub auth_url: String,
    pub token_url: String,
    pub userinfo_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
    /// Dotted path of the claim that identifies the person, e.g. `sub` or `response.id`.
    pub subject_claim: String,
    /// Dotted path of a display name claim, if the provider has one.
    pub name_claim: Option<String>,
    pub client_auth: ClientAuth,
}

impl std::fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("id", &self.id)
            .field("auth_url", &self.auth_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"…")
            .finish_non_exhaustive()
    }
}

struct Preset {
    label: &'static str,
    auth_url: &'static str,
    token_url: &'static str,
    userinfo_url: &'static str,
    scopes: &'static str,
    subject_claim: &'static str,
    name_claim: &'static str,
    client_auth: ClientAuth,
}

fn preset(name: &str) -> Option<Preset> {
    match name {
        "kakao" => Some(Preset {
            label: "카카오 Kakao",
            auth_url: "https://kauth.kakao.com/oauth/authorize",
            token_url: "https://kauth.kakao.com/oauth/token",
            userinfo_url: "https://kapi.kakao.com/v2/user/me",
            scopes: "profile_nickname",
            subject_claim: "id",
            name_claim: "properties.nickname",
            client_auth: ClientAuth::Body,
        }),
        "naver" => Some(Preset {
            label: "네이버 Naver",
            auth_url: "https://nid.naver.com/oauth2.0/authorize",
            token_url: "https://nid.naver.com/oauth2.0/token",
            userinfo_url: "https://openapi.naver.com/v1/nid/me",
            scopes: "",
            subject_claim: "response.id",
            name_claim: "response.nickname",
            client_auth: ClientAuth::Body,
        }),
        "google" => Some(Preset {
            label: "Google",
            auth_url: "https://accounts.google.com/o/oauth2/v2/auth",
            token_url: "https://oauth2.googleapis.com/token",
            userinfo_url: "https://openidconnect.googleapis.com/v1/userinfo",
            scopes: "openid profile",
            subject_claim: "sub",
            name_claim: "name",
            client_auth: ClientAuth::Basic,
        }),
        _ => None,
    }
}

/// Reads the providers from settings (`get` looks a key up in the environment or config file).
pub fn providers_from_settings(get: impl Fn(&str) -> Option<String>) -> Result<Vec<ProviderConfig>, SetupError> {
    let Some(list) = get("UD_OAUTH_PROVIDERS") else {
        return Ok(Vec::new());
    };
    let mut out: Vec<ProviderConfig> = Vec::new();
    for id in list.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()) {
        if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) || id.len() > 20 {
            return Err(SetupError::new("UD_OAUTH_PROVIDERS", format!("`{id}`: ids are 1–20 letters or digits")));
        }
        if out.iter().any(|p| p.id == id) {
            return Err(SetupError::new("UD_OAUTH_PROVIDERS", format!("`{id}` is listed twice")));
        }
        let key = |k: &str| get(&format!("UD_OAUTH_{}_{k}", id.to_ascii_uppercase())).filter(|v| !v.trim().is_empty());
        let preset_name = key("PRESET").unwrap_or_else(|| id.clone());
        let p = preset(&preset_name);
        if p.is_none() && preset_name != "generic" && key("AUTH_URL").is_none() {
            return Err(SetupError::new(
                "UD_OAUTH_PROVIDERS",
                format!("`{id}`: set UD_OAUTH_{}_PRESET (kakao, naver, google or generic)", id.to_ascii_uppercase()),
            ));
        }
        let need = |k: &str, fallback: Option<&str>| -> Result<String, SetupError> {
            key(k).or_else(|| fallback.filter(|f| !f.is_empty()).map(str::to_owned)).ok_or_else(|| {
                SetupError::new(
                    "UD_OAUTH_PROVIDERS",
                    format!("`{id}`: UD_OAUTH_{}_{k} is required", id.to_ascii_uppercase()),
                )
            })
        };
        let url = |k: &str, fallback: Option<&str>| -> Result<String, SetupError> {
            let u = need(k, fallback)?;
            if u.starts_with("https://") || u.starts_with("http://127.0.0.1") || u.starts_with("http://localhost") {
                Ok(u)
            } else {
                Err(SetupError::new(
                    "UD_OAUTH_PROVIDERS",
                    format!("`{id}`: {k} must be https (plain http only for 127.0.0.1/localhost)"),
                ))
            }
        };
        let client_auth = match key("CLIENT_AUTH").as_deref() {
            Some("basic") => ClientAuth::Basic,
            Some("body") => ClientAuth::Body,
            None => p.as_ref().map_or(ClientAuth::Basic, |p| p.client_auth),
            Some(other) => {
                return Err(SetupError::new(
                    "UD_OAUTH_PROVIDERS",
                    format!("`{id}`: CLIENT_AUTH `{other}` is not basic or body"),
                ));
            }
        };
        out.push(ProviderConfig {
            label: key("LABEL").or_else(|| p.as_ref().map(|p| p.label.to_owned())).unwrap_or_else(|| id.clone()),
            auth_url: url("AUTH_URL", p.as_ref().map(|p| p.auth_url))?,
            token_url: url("TOKEN_URL", p.as_ref().map(|p| p.token_url))?,
            userinfo_url: url("USERINFO_URL", p.as_ref().map(|p| p.userinfo_url))?,
            client_id: need("CLIENT_ID", None)?,
            client_secret: need("CLIENT_SECRET", None)?,
            scopes: key("SCOPES")
                .or_else(|| p.as_ref().map(|p| p.scopes.to_owned()))
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            subject_claim: key("SUBJECT_CLAIM")
                .or_else(|| p.as_ref().map(|p| p.subject_claim.to_owned()))
                .unwrap_or_else(|| "sub".to_owned()),
            name_claim: key("NAME_CLAIM").or_else(|| p.as_ref().map(|p| p.name_claim.to_owned())),
            client_auth,
            id,
        });
    }
    Ok(out)
}

/// Reads a claim by dotted path from a userinfo document. Numbers become their decimal text
/// (Kakao's ids are numbers); empty strings count as missing.
pub fn claim(doc: &serde_json::Value, path: &str) -> Option<String> {
    let mut v = doc;
    for part in path.split('.') {
        v = v.get(part)?;
    }
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn presets_need_only_client_credentials() {
        let p = providers_from_settings(settings(&[
            ("UD_OAUTH_PROVIDERS", "kakao, naver"),
            ("UD_OAUTH_KAKAO_CLIENT_ID", "k"),
            ("UD_OAUTH_KAKAO_CLIENT_SECRET", "ks"),
            ("UD_OAUTH_NAVER_CLIENT_ID", "n"),
            ("UD_OAUTH_NAVER_CLIENT_SECRET", "ns"),
        ]))
        .unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].token_url, "https://kauth.kakao.com/oauth/token");
        assert_eq!(p[0].client_auth, ClientAuth::Body);
        assert_eq!(p[1].subject_claim, "response.id");
    }

    #[test]
    fn generic_providers_are_described_in_full() {
        let base = [
            ("UD_OAUTH_PROVIDERS", "city"),
            ("UD_OAUTH_CITY_PRESET", "generic"),
            ("UD_OAUTH_CITY_CLIENT_ID", "c"),
            ("UD_OAUTH_CITY_CLIENT_SECRET", "s"),
            ("UD_OAUTH_CITY_AUTH_URL", "https://id.example/authorize"),
            ("UD_OAUTH_CITY_TOKEN_URL", "https://id.example/token"),
        ];
        let err = providers_from_settings(settings(&base)).unwrap_err();
        assert!(err.reason.contains("USERINFO_URL"), "{err}");
        let mut full = base.to_vec();
        full.push(("UD_OAUTH_CITY_USERINFO_URL", "https://id.example/userinfo"));
        full.push(("UD_OAUTH_CITY_SCOPES", "openid profile"));
        let p = providers_from_settings(settings(&full)).unwrap();
        assert_eq!(p[0].scopes, ["openid", "profile"]);
        assert_eq!(p[0].subject_claim, "sub");
        assert_eq!(p[0].label, "city");
    }

    #[test]
    fn plain_http_only_for_local_test_servers() {
        let err = providers_from_settings(settings(&[
            ("UD_OAUTH_PROVIDERS", "x"),
            ("UD_OAUTH_X_PRESET", "generic"),
            ("UD_OAUTH_X_CLIENT_ID", "c"),
            ("UD_OAUTH_X_CLIENT_SECRET", "s"),
            ("UD_OAUTH_X_AUTH_URL", "http://id.example/authorize"),
        ]))
        .unwrap_err();
        assert!(err.reason.contains("https"), "{err}");
    }

    #[test]
    fn unknown_presets_and_duplicates_are_refused() {
        assert!(providers_from_settings(settings(&[("UD_OAUTH_PROVIDERS", "facebook")])).is_err());
        assert!(providers_from_settings(settings(&[("UD_OAUTH_PROVIDERS", "a,a")])).is_err());
        assert!(providers_from_settings(settings(&[])).unwrap().is_empty());
    }

    #[test]
    fn claims_by_path() {
        let kakao = serde_json::json!({"id": 123456789, "properties": {"nickname": "민수"}});
        assert_eq!(claim(&kakao, "id").as_deref(), Some("123456789"));
        assert_eq!(claim(&kakao, "properties.nickname").as_deref(), Some("민수"));
        let naver = serde_json::json!({"response": {"id": "abc", "nickname": ""}});
        assert_eq!(claim(&naver, "response.id").as_deref(), Some("abc"));
        assert_eq!(claim(&naver, "response.nickname"), None);
        assert_eq!(claim(&naver, "sub"), None);
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let p = providers_from_settings(settings(&[
            ("UD_OAUTH_PROVIDERS", "google"),
            ("UD_OAUTH_GOOGLE_CLIENT_ID", "id"),
            ("UD_OAUTH_GOOGLE_CLIENT_SECRET", "topsecret"),
        ]))
        .unwrap();
        assert!(!format!("{p:?}").contains("topsecret"));
    }
}
