//! A local fake of NHN Cloud's KakaoTalk Bizmessage API (알림톡 v2.3), started by each test that
//! needs one: it serves `POST /alimtalk/v2.3/appkeys/{appkey}/messages` over HTTP as the provider
//! documents it — the secret key checked, each recipient's template and variables kept, a second
//! request with the same `X-NC-API-IDEMPOTENCY-KEY` within 10 minutes refused with result code
//! −1005 (and not sent again; the test is shorter than 10 minutes, so the fake never forgets a
//! key) — and, on demand, fails the next `n` requests unprocessed (HTTP 500, a provider in
//! trouble: the key not taken) or refuses them processed (−1017: the key taken, so a client that
//! retries under it loses the message, as it could at the provider). Its approved templates are
//! the catalogue's: an unknown code is refused (−3003), and so is a message whose variables are
//! not exactly its template's. The KakaoTalk channel is tested through the network against it.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

pub const APPKEY: &str = "test-appkey";
pub const SECRET: &str = "test-secret";
pub const SENDER_KEY: &str = "0123456789012345678901234567890123456789";
pub const RESEND_FROM: &str = "0212345678";

/// One message the provider accepted for one recipient.
#[derive(Debug, Clone)]
pub struct Sent {
    pub recipient: String,
    pub template_code: String,
    pub parameters: serde_json::Map<String, serde_json::Value>,
    pub idempotency_key: Option<String>,
    /// The LMS the provider would send when KakaoTalk cannot deliver: (from, text).
    pub resend: Option<(String, String)>,
}

impl Sent {
    pub fn parameter(&self, name: &str) -> String {
        self.parameters.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
    }
}

#[derive(Default)]
struct Inner {
    sent: Vec<Sent>,
    keys: HashSet<String>,
    fail_next: usize,
    refuse_next: usize,
    failed: usize,
    repeats: usize,
}

#[derive(Clone)]
pub struct FakeAlimtalk {
    inner: Arc<Mutex<Inner>>,
    base: String,
}

impl FakeAlimtalk {
    pub async fn start() -> FakeAlimtalk {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new().route("/alimtalk/v2.3/appkeys/{appkey}/messages", post(send)).with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeAlimtalk { inner, base }
    }

    /// The courier's settings for this fake.
    pub fn settings(&self) -> services::messaging::courier::NhnSettings {
        services::messaging::courier::NhnSettings {
            base_url: self.base.clone(),
            appkey: APPKEY.to_owned(),
            secret: SECRET.to_owned(),
            sender_key: SENDER_KEY.to_owned(),
            resend_from: Some(RESEND_FROM.to_owned()),
        }
    }

    pub fn base(&self) -> String {
        self.base.clone()
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.inner.lock().unwrap().sent.clone()
    }

    /// Messages sent to `number` (digits).
    pub fn sent_to(&self, number: &str) -> Vec<Sent> {
        self.sent().into_iter().filter(|s| s.recipient == number).collect()
    }

    /// Requests failed or refused on demand.
    pub fn failed(&self) -> usize {
        self.inner.lock().unwrap().failed
    }

    /// Requests refused as repeats of an accepted one (−1005).
    pub fn repeats(&self) -> usize {
        self.inner.lock().unwrap().repeats
    }

    /// The next `n` requests answer HTTP 500, unprocessed (a retry may repeat their key).
    pub fn fail_next(&self, n: usize) {
        self.inner.lock().unwrap().fail_next = n;
    }

    /// The next `n` requests are processed and refused (−1017): their keys are taken.
    pub fn refuse_next(&self, n: usize) {
        self.inner.lock().unwrap().refuse_next = n;
    }
}

fn answer(code: i64, message: &str, results: Vec<serde_json::Value>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "header": { "resultCode": code, "resultMessage": message, "isSuccessful": code == 0 },
        "message": { "requestId": "20261207-fake", "senderGroupingKey": null, "sendResults": results },
    }))
}

async fn send(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(appkey): Path<String>,
    headers: HeaderMap,
    body: Json<serde_json::Value>,
) -> Result<Json<serde_json::Value>, StatusCode> {
    let mut inner = inner.lock().unwrap();
    if inner.fail_next > 0 {
        inner.fail_next -= 1;
        inner.failed += 1;
        return Err(StatusCode::INTERNAL_SERVER_ERROR);
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    if appkey != APPKEY {
        return Ok(answer(-1000, "Invalid appkey", vec![]));
    }
    if header("X-Secret-Key").as_deref() != Some(SECRET) {
        return Ok(answer(-1001, "Invalid secret key", vec![]));
    }
    let key = header("X-NC-API-IDEMPOTENCY-KEY");
    if let Some(k) = &key
        && !inner.keys.insert(k.clone())
    {
        inner.repeats += 1;
        return Ok(answer(-1005, "Same idempotency key within 10 minutes", vec![]));
    }
    if inner.refuse_next > 0 {
        inner.refuse_next -= 1;
        inner.failed += 1;
        return Ok(answer(-1017, "Sending in excess of daily volume failed", vec![]));
    }
    if body["senderKey"].as_str() != Some(SENDER_KEY) {
        return Ok(answer(-2017, "Sender profile does not exist", vec![]));
    }
    // the templates "approved" here are the catalogue's (docs/alimtalk-templates.md)
    let catalogue = app::domain::messaging::alimtalk::catalogue();
    let Some(approved) = body["templateCode"].as_str().and_then(|code| catalogue.iter().find(|t| t.code == code))
    else {
        return Ok(answer(-3003, "Template does not exist", vec![]));
    };
    let template = approved.code.as_str();
    let Some(list) = body["recipientList"].as_array().filter(|l| !l.is_empty() && l.len() <= 1000) else {
        return Ok(answer(4, "Parameter validation failed", vec![]));
    };
    // every variable of the template filled, nothing else
    let mut wanted: Vec<&str> = approved.variables();
    wanted.sort_unstable();
    for r in list {
        let mut given: Vec<&str> =
            r["templateParameter"].as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        given.sort_unstable();
        if given != wanted {
            return Ok(answer(4, "Parameter validation failed (templateParameter)", vec![]));
        }
    }
    let mut results = Vec::new();
    for (i, r) in list.iter().enumerate() {
        let resend = r.get("resendParameter").filter(|p| p["isResend"].as_bool() == Some(true)).map(|p| {
            (
                p["resendSendNo"].as_str().unwrap_or_default().to_owned(),
                p["resendContent"].as_str().unwrap_or_default().to_owned(),
            )
        });
        inner.sent.push(Sent {
            recipient: r["recipientNo"].as_str().unwrap_or_default().to_owned(),
            template_code: template.to_owned(),
            parameters: r["templateParameter"].as_object().cloned().unwrap_or_default(),
            idempotency_key: key.clone(),
            resend,
        });
        results.push(serde_json::json!({
            "recipientSeq": i + 1,
            "recipientNo": r["recipientNo"],
            "resultCode": 0,
            "resultMessage": "SUCCESS",
            "recipientGroupingKey": r["recipientGroupingKey"],
        }));
    }
    Ok(answer(0, "SUCCESS", results))
}
