//! A local SMTP server for the tests, started by each test that needs one: it speaks the
//! protocol lettre speaks to a relay (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps what
//! it accepted, refuses the next `n` messages on demand (451 after DATA, as a relay that is
//! busy), and can stop listening (a relay that is down). The e-mail channel is tested through
//! the network against it, never against a stand-in inside the process.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    /// The message as it came after DATA (headers and body, dot-unstuffed).
    pub data: String,
}

impl Received {
    /// The value of header `name` (unfolded), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with(' ') || line.starts_with('\t') {
                if let Some(v) = value.as_mut() {
                    v.push_str(line.trim_start());
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim().to_owned());
            }
        }
        value
    }

    /// Every text part, decoded from its transfer encoding (base64 or quoted-printable).
    pub fn text(&self) -> String {
        self.parts("text/plain")
    }

    /// Every part of `content_type` (`text/calendar`), decoded, one after the other.
    pub fn parts(&self, content_type: &str) -> String {
        let mut out = String::new();
        for part in self.data.split("\r\n--") {
            let (head, body) = part.split_once("\r\n\r\n").unwrap_or(("", part));
            let head_lower = head.to_ascii_lowercase();
            if !head_lower.contains(&format!("content-type: {content_type}")) {
                continue;
            }
            let body = body.split("\r\n--").next().unwrap_or(body);
            if head_lower.contains("content-transfer-encoding: base64") {
                use base64::Engine;
                let joined: String = body.split_whitespace().collect();
                if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(joined) {
                    out.push_str(&String::from_utf8_lossy(&bytes));
                }
            } else if head_lower.contains("content-transfer-encoding: quoted-printable") {
                out.push_str(&quoted_printable(body));
            } else {
                out.push_str(body);
            }
        }
        out
    }

    /// The first address in the text that starts with `prefix`, to the end of its word.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let text = self.text();
        let at = text.find(prefix)?;
        Some(text[at..].split(|c: char| c.is_whitespace()).next().unwrap_or_default().to_owned())
    }
}

fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    refuse: usize,
    refused: usize,
}

/// The server; stops listening when dropped or [`FakeSmtp::stop`]ped.
pub struct FakeSmtp {
    pub port: u16,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeSmtp {
    pub async fn start() -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = session(stream, state).await;
                });
            }
        });
        FakeSmtp { port, state, task }
    }

    /// `smtp://127.0.0.1:<port>` (in the clear, as a local relay).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Messages refused so far (by [`FakeSmtp::refuse_next`]).
    pub fn refused(&self) -> usize {
        self.state.lock().unwrap().refused
    }

    /// Refuses the next `n` messages with a temporary failure.
    pub fn refuse_next(&self, n: usize) {
        self.state.lock().unwrap().refuse = n;
    }

    /// Stops listening (connections are refused from now on).
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for FakeSmtp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(stream: tokio::net::TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 fake-smtp ESMTP ready\r\n").await?;
    let mut to: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        if command.starts_with("EHLO") {
            write.write_all(b"250-fake-smtp\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n").await?;
        } else if command.starts_with("HELO") || command.starts_with("NOOP") {
            write.write_all(b"250 OK\r\n").await?;
        } else if command.starts_with("MAIL FROM:") {
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if command.starts_with("RCPT TO:") {
            let addr =
                line.trim_end()[8..].trim().trim_start_matches('<').split('>').next().unwrap_or_default().to_owned();
            to.push(addr);
            write.write_all(b"250 OK\r\n").await?;
        } else if command == "DATA" {
            write.write_all(b"354 go ahead\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                data.push_str(unstuffed);
            }
            let refuse = {
                let mut s = state.lock().unwrap();
                if s.refuse > 0 {
                    s.refuse -= 1;
                    s.refused += 1;
                    true
                } else {
                    s.received.push(Received { to: std::mem::take(&mut to), data });
                    false
                }
            };
            if refuse {
                // as relays do, the refusal names the recipient
                let reply = format!("451 4.3.0 <{}>: try again later\r\n", to.first().cloned().unwrap_or_default());
                write.write_all(reply.as_bytes()).await?;
            } else {
                write.write_all(b"250 2.0.0 accepted\r\n").await?;
            }
        } else if command.starts_with("RSET") {
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"502 not implemented\r\n").await?;
        }
    }
}

/// `n` new people named `<name> <i>`, each with a confirmed e-mail address `m<id>@example.kr`
/// (sealed as the app seals it), written in bulk; returns their accounts.
pub async fn people_with_addresses(app: &super::TestApp, name: &str, n: usize) -> Vec<i64> {
    people_with_contacts(app, name, n, app::domain::messaging::Channel::Email).await
}

/// The address [`people_with_contacts`] gives `id` on `channel`: `m<id>@example.kr`, or the
/// mobile number `010` ‖ the id in 8 digits.
pub fn address_of(id: i64, channel: app::domain::messaging::Channel) -> String {
    match channel {
        app::domain::messaging::Channel::Alimtalk => format!("010{id:08}"),
        _ => format!("m{id}@example.kr"),
    }
}

/// `n` new people named `<name> <i>`, each with a confirmed address on `channel`
/// ([`address_of`], sealed as the app seals it), written in bulk; returns their accounts.
pub async fn people_with_contacts(
    app: &super::TestApp,
    name: &str,
    n: usize,
    channel: app::domain::messaging::Channel,
) -> Vec<i64> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
    use services::entities::{Stored, contact_point, user};
    let keys = app.messaging().keys;
    let now = chrono::Utc::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(2_000) {
        user::Entity::insert_many(chunk.iter().map(|i| user::ActiveModel {
            display_name: Set(format!("{name} {i}")),
            is_demo: Set(false),
            created_at: Set(now),
            stay_signed_in: Set(false),
            ..Default::default()
        }))
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    }
    let people: Vec<i64> = user::Entity::find()
        .filter(user::Column::DisplayName.starts_with(format!("{name} ")))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(people.len(), n);
    for chunk in people.chunks(1_000) {
        contact_point::Entity::insert_many(chunk.iter().map(|&id| contact_point::ActiveModel {
            user_id: Set(id),
            channel: Set(Stored(channel)),
            address_sealed: Set(keys.seal_address(id, channel.as_str(), &address_of(id, channel)).unwrap()),
            verified_at: Set(Some(now)),
            token_digest: Set(None),
            token_expires_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    }
    people
}
