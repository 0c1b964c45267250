//! Secrets at rest: random generation and hashing. Counter codes are short, so they are hashed
//! with a key (HMAC-SHA-256 keyed by `UD_SECRET`): a copy of the database alone cannot be
//! searched for them. Access tokens carry 256 random bits, so plain SHA-256 suffices.
//!
//! Secret ballots are padded and sealed (ChaCha20-Poly1305) under a random key for each assembly,
//! itself sealed under `UD_SECRET` and destroyed at the close: see `BallotSeal` and
//! docs/features/assemblies.md, "Ballot secrecy".

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use contract::error::AppError;
use hmac::{Hmac, KeyInit, Mac};
use ring::aead::{AES_256_GCM, Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// `N` bytes from the operating system's generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| {
        tracing::error!(error = %e, "the operating system's random generator failed");
        AppError::Internal
    })?;
    Ok(buf)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// HMAC-SHA-256 of `data` under `key`, as hex.
pub fn keyed_hash(key: &[u8], data: &str) -> String {
    hex(&mac(key, data.as_bytes()))
}

/// HMAC-SHA-256 of `data` under `key`.
fn mac(key: &[u8], data: &[u8]) -> [u8; 32] {
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().into()
        }
        // HMAC takes keys of any length; this arm cannot be reached.
        Err(_) => Sha256::digest([key, data].concat()).into(),
    }
}

/// Authenticated encryption (ChaCha20-Poly1305) under keys derived from `UD_SECRET`, so what
/// it seals is unreadable to anyone holding only the database. Each use names its key with a
/// label (`ballot-seal/v1/<assembly>`, `session-secret/v1`) and binds the ciphertext to its place
/// with associated data, so a sealed value cannot be moved to another use or row.
#[derive(Clone)]
struct Sealer {
    master: Arc<[u8]>,
}

impl Sealer {
    fn key(&self, label: &str) -> Result<LessSafeKey, AppError> {
        let bytes = mac(&self.master, label.as_bytes());
        UnboundKey::new(&CHACHA20_POLY1305, &bytes).map(LessSafeKey::new).map_err(|_| {
            tracing::error!(label, "cannot make a sealing key");
            AppError::Internal
        })
    }

    /// base64 of a random nonce, the ciphertext and its tag: the same plaintext seals
    /// differently every time.
    fn seal(&self, label: &str, aad: &[u8], plaintext: &str) -> Result<String, AppError> {
        let nonce = random_bytes::<NONCE_LEN>()?;
        let mut buf = plaintext.as_bytes().to_vec();
        self.key(label)?
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), &mut buf)
            .map_err(|_| {
                tracing::error!(label, "cannot seal");
                AppError::Internal
            })?;
        Ok(STANDARD_NO_PAD.encode([nonce.as_slice(), &buf].concat()))
    }

    /// The plaintext, or `None` if `sealed` was not sealed under this label, data and key.
    fn open(&self, label: &str, aad: &[u8], sealed: &str) -> Result<Option<String>, AppError> {
        let Ok(bytes) = STANDARD_NO_PAD.decode(sealed) else { return Ok(None) };
        if bytes.len() < NONCE_LEN {
            return Ok(None);
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let Ok(nonce) = Nonce::try_assume_unique_for_key(nonce) else { return Ok(None) };
        let mut body = body.to_vec();
        let key = self.key(label)?;
        Ok(key
            .open_in_place(nonce, Aad::from(aad), &mut body)
            .ok()
            .and_then(|plain| String::from_utf8(plain.to_vec()).ok()))
    }
}

/// Seals a secret ballot's choice between the vote and the close. The row a vote writes sits in
/// the same transaction as the voter's participation (so both survive a crash together), and a
/// database reader can pair the two (PostgreSQL's `xmin`, SQLite's write-ahead log); what they
/// pair is ciphertext that says nothing, not even by its length:
/// - every choice is padded (`domain::padding`) to one size per agenda item before it is
///   sealed, so all sealed ballots of an item have the same length;
/// - the key is random, one per assembly ([`BallotKey`]), kept in the database only sealed under
///   a key derived from `UD_SECRET` (`ballot_keys`), and deleted in the closing transaction once
///   the ballots are opened and mixed. A copy of the database taken while the vote is open opens
///   with `UD_SECRET`; one taken after the close holds no key that opens a ballot.
///
/// The assembly and item are authenticated with each ballot, so a sealed ballot cannot be moved
/// to another item. Ballots sealed before keys were random carry no version prefix and open
/// with the key they were sealed under, HMAC-SHA-256(`UD_SECRET`, "ballot-seal/v1/" ‖ assembly
/// id); new ones start with `k2:`.
#[derive(Clone)]
pub struct BallotSeal {
    sealer: Sealer,
}

impl std::fmt::Debug for BallotSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BallotSeal(..)")
    }
}

/// The random key of one assembly's secret ballots, in memory only (the database keeps it
/// sealed, see [`BallotSeal::new_key`]).
pub struct BallotKey {
    assembly_id: i64,
    bytes: [u8; 32],
}

impl std::fmt::Debug for BallotKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BallotKey({}, ..)", self.assembly_id)
    }
}

impl BallotKey {
    fn aead(&self) -> Result<LessSafeKey, AppError> {
        UnboundKey::new(&CHACHA20_POLY1305, &self.bytes).map(LessSafeKey::new).map_err(|_| {
            tracing::error!("cannot make a ballot key");
            AppError::Internal
        })
    }

    /// The associated data of a ballot: its assembly and item.
    fn aad(&self, item_id: i64) -> [u8; 16] {
        let mut aad = [0u8; 16];
        aad[..8].copy_from_slice(&self.assembly_id.to_be_bytes());
        aad[8..].copy_from_slice(&item_id.to_be_bytes());
        aad
    }
}

impl BallotSeal {
    /// The label of the key that seals ballot keys.
    const WRAP: &str = "ballot-key/v2";
    /// What starts a ballot sealed under a random key.
    const V2: &str = "k2:";

    pub fn new(secret: &[u8]) -> Self {
        Self { sealer: Sealer { master: Arc::from(secret) } }
    }

    /// A fresh random key for `assembly_id`, and the form the database keeps it in: sealed under
    /// a key derived from `UD_SECRET`, bound to the assembly.
    pub fn new_key(&self, assembly_id: i64) -> Result<(BallotKey, String), AppError> {
        let bytes = random_bytes::<32>()?;
        let wrapped = self.sealer.seal(Self::WRAP, &assembly_id.to_be_bytes(), &STANDARD_NO_PAD.encode(bytes))?;
        Ok((BallotKey { assembly_id, bytes }, wrapped))
    }

    /// The key a `ballot_keys` row holds, or `None` when it was not sealed for this assembly
    /// under this `UD_SECRET`.
    pub fn unwrap_key(&self, assembly_id: i64, wrapped: &str) -> Result<Option<BallotKey>, AppError> {
        let Some(b64) = self.sealer.open(Self::WRAP, &assembly_id.to_be_bytes(), wrapped)? else { return Ok(None) };
        let bytes = STANDARD_NO_PAD.decode(b64).ok().and_then(|b| <[u8; 32]>::try_from(b).ok());
        Ok(bytes.map(|bytes| BallotKey { assembly_id, bytes }))
    }

    /// `plaintext` padded to exactly `size` bytes and sealed for `item_id` under `key`: the
    /// sealed text's length depends on `size` alone. A plaintext with no room in `size` is
    /// refused (an error the operators see), never sealed at its own length.
    pub fn seal(&self, key: &BallotKey, item_id: i64, plaintext: &str, size: usize) -> Result<String, AppError> {
        let mut buf = domain::padding::pad(plaintext.as_bytes(), size).ok_or_else(|| {
            tracing::error!(item = item_id, size, "a ballot does not fit its item's sealed size");
            AppError::Internal
        })?;
        let nonce = random_bytes::<NONCE_LEN>()?;
        key.aead()?
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(key.aad(item_id)), &mut buf)
            .map_err(|_| {
                tracing::error!(item = item_id, "cannot seal a ballot");
                AppError::Internal
            })?;
        Ok(format!("{}{}", Self::V2, STANDARD_NO_PAD.encode([nonce.as_slice(), &buf].concat())))
    }

    /// The plaintext of a sealed ballot (padding removed), or `None` if it was not sealed for
    /// this item of this assembly under this key (tampered with, moved, the key is gone, or
    /// `UD_SECRET` changed since the vote). `key` is the assembly's random key, if it has one;
    /// ballots sealed before keys were random open without it.
    pub fn open(
        &self,
        key: Option<&BallotKey>,
        assembly_id: i64,
        item_id: i64,
        sealed: &str,
    ) -> Result<Option<String>, AppError> {
        let Some(body) = sealed.strip_prefix(Self::V2) else {
            return self.sealer.open(&Self::v1_label(assembly_id), &item_id.to_be_bytes(), sealed);
        };
        let Some(key) = key.filter(|k| k.assembly_id == assembly_id) else { return Ok(None) };
        let Ok(bytes) = STANDARD_NO_PAD.decode(body) else { return Ok(None) };
        if bytes.len() < NONCE_LEN {
            return Ok(None);
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let Ok(nonce) = Nonce::try_assume_unique_for_key(nonce) else { return Ok(None) };
        let mut body = body.to_vec();
        let aead = key.aead()?;
        Ok(aead
            .open_in_place(nonce, Aad::from(key.aad(item_id)), &mut body)
            .ok()
            .and_then(|padded| domain::padding::unpad(padded))
            .and_then(|plain| String::from_utf8(plain.to_vec()).ok()))
    }

    fn v1_label(assembly_id: i64) -> String {
        format!("ballot-seal/v1/{assembly_id}")
    }

    /// A ballot as it was sealed before keys were random (no padding, the key derived from
    /// `UD_SECRET`). Nothing in the application seals this way any more: only tests of ballots
    /// left from before the upgrade use it.
    #[doc(hidden)]
    pub fn seal_v1_for_tests(&self, assembly_id: i64, item_id: i64, plaintext: &str) -> Result<String, AppError> {
        self.sealer.seal(&Self::v1_label(assembly_id), &item_id.to_be_bytes(), plaintext)
    }
}

/// Seals the secrets a session must hold for a while — sign-in codes staff issued (printable
/// until the session ends) and a new access token (until the account page has shown it once) —
/// so the `sessions` table keeps only ciphertext under a key derived from `UD_SECRET`. The
/// session key they are stored under is the associated data: a sealed value moved to another key
/// does not open.
#[derive(Clone)]
pub struct SessionSeal {
    sealer: Sealer,
}

impl std::fmt::Debug for SessionSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionSeal(..)")
    }
}

impl SessionSeal {
    const LABEL: &str = "session-secret/v1";

    pub fn new(secret: &[u8]) -> Self {
        Self { sealer: Sealer { master: Arc::from(secret) } }
    }

    pub fn seal(&self, session_key: &str, plaintext: &str) -> Result<String, AppError> {
        self.sealer.seal(Self::LABEL, session_key.as_bytes(), plaintext)
    }

    /// `None` when `sealed` was not sealed for `session_key` under this key.
    pub fn open(&self, session_key: &str, sealed: &str) -> Result<Option<String>, AppError> {
        self.sealer.open(Self::LABEL, session_key.as_bytes(), sealed)
    }
}

/// The keys of off-site messages, derived from `UD_SECRET`:
/// - a person's e-mail address or phone number (`contact_points`) is padded with spaces to
///   [`MessagingKeys::ADDRESS_SIZE`] bytes (addresses hold no spaces) and sealed for its place
///   (`contact/<user>/<channel>`), so a database reader learns neither it nor its length;
/// - an unsubscribe link is signed (HMAC of the message's identity), so only the person the
///   message went to can use it, and a guessed identity says nothing.
#[derive(Clone)]
pub struct MessagingKeys {
    sealer: Sealer,
}

impl std::fmt::Debug for MessagingKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MessagingKeys(..)")
    }
}

impl MessagingKeys {
    const LABEL: &str = "contact-seal/v1";
    /// Every sealed address is this long before sealing (an e-mail address is at most 254).
    pub const ADDRESS_SIZE: usize = 256;

    pub fn new(secret: &[u8]) -> Self {
        Self { sealer: Sealer { master: Arc::from(secret) } }
    }

    fn place(user_id: i64, channel: &str) -> String {
        format!("contact/{user_id}/{channel}")
    }

    /// `address` (without spaces, shorter than [`Self::ADDRESS_SIZE`]) padded and sealed.
    pub fn seal_address(&self, user_id: i64, channel: &str, address: &str) -> Result<String, AppError> {
        if address.len() >= Self::ADDRESS_SIZE || address.contains(' ') {
            tracing::error!("an address to seal is too long or holds a space");
            return Err(AppError::Internal);
        }
        let padded = format!("{address:<width$}", width = Self::ADDRESS_SIZE);
        self.sealer.seal(Self::LABEL, Self::place(user_id, channel).as_bytes(), &padded)
    }

    /// The address, or `None` when `sealed` is not this place's under this key.
    pub fn open_address(&self, user_id: i64, channel: &str, sealed: &str) -> Result<Option<String>, AppError> {
        Ok(self
            .sealer
            .open(Self::LABEL, Self::place(user_id, channel).as_bytes(), sealed)?
            .map(|padded| padded.trim_end().to_owned()))
    }

    /// A confirmation link's secret sealed for the outbox row of `user_id` (the row keeps no
    /// usable link: only the worker, holding `UD_SECRET`, opens it to write the message).
    pub fn seal_link(&self, user_id: i64, token: &str) -> Result<String, AppError> {
        self.sealer.seal("confirm-link/v1", format!("confirm/{user_id}").as_bytes(), token)
    }

    pub fn open_link(&self, user_id: i64, sealed: &str) -> Result<Option<String>, AppError> {
        self.sealer.open("confirm-link/v1", format!("confirm/{user_id}").as_bytes(), sealed)
    }

    /// The stored digest of a six-digit code sent to `user_id`'s phone: keyed, so whoever reads
    /// the table cannot find the code by trying all million.
    pub fn code_digest(&self, user_id: i64, code: &str) -> String {
        keyed_hash(&self.sealer.master, &format!("phone-code/v1/{user_id}/{code}"))
    }

    /// A keyed digest of an address or number a confirmation went to (the daily cap per address:
    /// a table reader learns only that two confirmations went to one place).
    pub fn target_digest(&self, channel: &str, address: &str) -> String {
        keyed_hash(&self.sealer.master, &format!("confirm-target/v1/{channel}/{}", address.to_lowercase()))
    }

    /// The signature an unsubscribe link carries for the message `identity`.
    pub fn link_signature(&self, identity: &str) -> String {
        let full = keyed_hash(&self.sealer.master, &format!("unsubscribe/v1/{identity}"));
        full[..32].to_owned()
    }

    /// Whether `signature` is `identity`'s (in time independent of where they differ).
    pub fn link_signed(&self, identity: &str, signature: &str) -> bool {
        constant_time_eq(&self.link_signature(identity), signature)
    }
}

/// The welfare team's case fields, sealed with AES-256-GCM under a ring of keys from
/// configuration (`UD_WELFARE_KEYS`: `id:base64-of-32-bytes`, comma-separated, the first the
/// current one), never from the database. A sealed value is `id:` ‖ base64(nonce ‖ ciphertext ‖
/// tag), so it names the key that opens it: keys rotate by putting a new one first (new values
/// use it, old ones still open) and re-sealing what the old key holds before removing it. Each
/// value is bound to its place (`welfare-case/17/place`) as associated data.
/// Threat model: docs/features/welfare.md, "Threat model".
#[derive(Clone)]
pub struct WelfareVault {
    /// (id, key), the current key first; never empty.
    keys: Arc<[(String, [u8; 32])]>,
}

impl std::fmt::Debug for WelfareVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WelfareVault(..)")
    }
}

/// Why `UD_WELFARE_KEYS` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultConfigError {
    #[error("UD_WELFARE_KEYS: each key is `id:base64` of 32 random bytes, ids of letters and digits")]
    Malformed,
    #[error("UD_WELFARE_KEYS: the key id {0:?} appears twice")]
    DuplicateId(String),
}

impl WelfareVault {
    /// From `UD_WELFARE_KEYS`'s value.
    pub fn from_spec(spec: &str) -> Result<Self, VaultConfigError> {
        use base64::engine::general_purpose::STANDARD;
        let mut keys: Vec<(String, [u8; 32])> = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (id, b64) = part.split_once(':').ok_or(VaultConfigError::Malformed)?;
            if id.is_empty() || id.len() > 16 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(VaultConfigError::Malformed);
            }
            let bytes = STANDARD.decode(b64.trim()).map_err(|_| VaultConfigError::Malformed)?;
            let key: [u8; 32] = bytes.try_into().map_err(|_| VaultConfigError::Malformed)?;
            if keys.iter().any(|(k, _)| k == id) {
                return Err(VaultConfigError::DuplicateId(id.to_owned()));
            }
            keys.push((id.to_owned(), key));
        }
        if keys.is_empty() {
            return Err(VaultConfigError::Malformed);
        }
        Ok(Self { keys: keys.into() })
    }

    /// Where no keys are configured (development, tests): one key derived from `UD_SECRET`.
    /// Production refuses to start without `UD_WELFARE_KEYS` (server::config).
    pub fn derived(secret: &[u8]) -> Self {
        Self { keys: vec![("d1".to_owned(), mac(secret, b"welfare-vault/v1"))].into() }
    }

    /// The id of the key new values are sealed with.
    pub fn current(&self) -> &str {
        self.keys.first().map(|(id, _)| id.as_str()).unwrap_or_default()
    }

    fn key(bytes: &[u8; 32]) -> Result<LessSafeKey, AppError> {
        UnboundKey::new(&AES_256_GCM, bytes).map(LessSafeKey::new).map_err(|_| {
            tracing::error!("cannot make a welfare key");
            AppError::Internal
        })
    }

    /// `plaintext` sealed for `place` under the current key.
    pub fn seal(&self, place: &str, plaintext: &str) -> Result<String, AppError> {
        let Some((id, bytes)) = self.keys.first() else { return Err(AppError::Internal) };
        let nonce = random_bytes::<NONCE_LEN>()?;
        let mut buf = plaintext.as_bytes().to_vec();
        Self::key(bytes)?
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(place.as_bytes()), &mut buf)
            .map_err(|_| {
                tracing::error!(place, "cannot seal a welfare field");
                AppError::Internal
            })?;
        Ok(format!("{id}:{}", STANDARD_NO_PAD.encode([nonce.as_slice(), &buf].concat())))
    }

    /// The plaintext. A value that does not open (its key is gone, it was moved to another
    /// place, it was altered) is an error the operators must see, never an empty field.
    pub fn open(&self, place: &str, sealed: &str) -> Result<String, AppError> {
        let fail = |why: &str| {
            tracing::error!(place, why, "a sealed welfare field does not open");
            AppError::Internal
        };
        let (id, b64) = sealed.split_once(':').ok_or_else(|| fail("malformed"))?;
        let (_, bytes) = self.keys.iter().find(|(k, _)| k == id).ok_or_else(|| fail("its key is not configured"))?;
        let raw = STANDARD_NO_PAD.decode(b64).map_err(|_| fail("malformed"))?;
        if raw.len() < NONCE_LEN {
            return Err(fail("malformed"));
        }
        let (nonce, body) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| fail("malformed"))?;
        let mut body = body.to_vec();
        let plain = Self::key(bytes)?
            .open_in_place(nonce, Aad::from(place.as_bytes()), &mut body)
            .map_err(|_| fail("refused"))?;
        String::from_utf8(plain.to_vec()).map_err(|_| fail("not text"))
    }

    /// Whether `sealed` is under another key than the current one (a re-seal moves it).
    pub fn is_stale(&self, sealed: &str) -> bool {
        sealed.split_once(':').is_none_or(|(id, _)| id != self.current())
    }
}

/// SHA-256 of `data`, as hex.
pub fn sha256_hex(data: &str) -> String {
    hex(&Sha256::digest(data.as_bytes()))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_addresses_have_one_length_and_one_place() {
        let keys = MessagingKeys::new(b"test-secret");
        let short = keys.seal_address(7, "email", "a@b.co").unwrap();
        let long = keys.seal_address(7, "email", &format!("{}@example.com", "x".repeat(200))).unwrap();
        assert_eq!(short.len(), long.len(), "the length says nothing");
        assert_eq!(keys.open_address(7, "email", &short).unwrap().as_deref(), Some("a@b.co"));
        assert_eq!(keys.open_address(8, "email", &short).unwrap(), None, "bound to its person");
        assert_eq!(keys.open_address(7, "alimtalk", &short).unwrap(), None, "and its channel");
        assert!(keys.seal_address(7, "email", "a b@c.d").is_err());
        let sig = keys.link_signature("abc@uri-dongne");
        assert!(keys.link_signed("abc@uri-dongne", &sig));
        assert!(!keys.link_signed("abd@uri-dongne", &sig));
        assert!(!MessagingKeys::new(b"other").link_signed("abc@uri-dongne", &sig));
    }

    #[test]
    fn hashes() {
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // RFC 4231 test case 2
        assert_eq!(
            keyed_hash(b"Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
        assert_ne!(random_bytes::<16>().unwrap(), random_bytes::<16>().unwrap());
    }

    const SECRET: &[u8] = b"a secret of at least thirty-two characters";

    #[test]
    fn a_sealed_ballot_opens_only_for_its_assembly_item_and_key() {
        let seal = BallotSeal::new(SECRET);
        let (key, wrapped) = seal.new_key(7).unwrap();
        let a = seal.seal(&key, 70, r#"{"Options":[3]}"#, 64).unwrap();
        let b = seal.seal(&key, 70, r#"{"Options":[3]}"#, 64).unwrap();
        assert_ne!(a, b, "the same choice must not seal to the same text");
        assert!(a.starts_with("k2:") && !a.contains("Option"));
        assert_eq!(seal.open(Some(&key), 7, 70, &a).unwrap().as_deref(), Some(r#"{"Options":[3]}"#));
        assert_eq!(seal.open(Some(&key), 7, 71, &a).unwrap(), None, "moved to another item");
        assert_eq!(seal.open(Some(&key), 8, 70, &a).unwrap(), None, "moved to another assembly");
        assert_eq!(seal.open(None, 7, 70, &a).unwrap(), None, "the key is gone");
        let (other, _) = seal.new_key(7).unwrap();
        assert_eq!(seal.open(Some(&other), 7, 70, &a).unwrap(), None, "another random key");
        // the key the database keeps opens only for its assembly and secret
        let again = seal.unwrap_key(7, &wrapped).unwrap().unwrap();
        assert_eq!(seal.open(Some(&again), 7, 70, &a).unwrap().as_deref(), Some(r#"{"Options":[3]}"#));
        assert!(seal.unwrap_key(8, &wrapped).unwrap().is_none(), "a key moved to another assembly");
        assert!(BallotSeal::new(b"another secret").unwrap_key(7, &wrapped).unwrap().is_none());
        assert!(!wrapped.contains(&STANDARD_NO_PAD.encode(key.bytes)), "the key is kept sealed");
        // nor does the old derived key open a new ballot
        assert_eq!(seal.open(None, 7, 70, a.trim_start_matches("k2:")).unwrap(), None);
        let mut tampered = a.clone().into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(seal.open(Some(&key), 7, 70, std::str::from_utf8(&tampered).unwrap()).unwrap(), None);
        assert_eq!(seal.open(Some(&key), 7, 70, "").unwrap(), None);
        assert_eq!(seal.open(Some(&key), 7, 70, "k2:").unwrap(), None);
        assert_eq!(seal.open(Some(&key), 7, 70, "k2:not base64 !").unwrap(), None);
        assert_eq!(seal.open(Some(&key), 7, 70, "not base64 !").unwrap(), None);
    }

    #[test]
    fn every_ballot_of_an_item_seals_to_one_length() {
        let seal = BallotSeal::new(SECRET);
        let (key, _) = seal.new_key(1).unwrap();
        let choices =
            [r#""Approve""#, r#""Reject""#, r#""Abstain""#, r#"{"Options":[]}"#, r#"{"Options":[12,345,6789]}"#];
        let lengths: std::collections::BTreeSet<usize> =
            choices.iter().map(|c| seal.seal(&key, 1, c, 64).unwrap().len()).collect();
        assert_eq!(lengths.len(), 1, "{lengths:?}");
        for c in choices {
            assert_eq!(seal.open(Some(&key), 1, 1, &seal.seal(&key, 1, c, 64).unwrap()).unwrap().as_deref(), Some(c));
        }
        // a choice with no room in the size is refused, never sealed at its own length
        assert!(seal.seal(&key, 1, &"x".repeat(64), 64).is_err());
    }

    #[test]
    fn ballots_sealed_before_keys_were_random_still_open() {
        let seal = BallotSeal::new(SECRET);
        let old = seal.seal_v1_for_tests(7, 70, r#""Reject""#).unwrap();
        assert!(!old.starts_with("k2:"));
        let (key, _) = seal.new_key(7).unwrap();
        for k in [None, Some(&key)] {
            assert_eq!(seal.open(k, 7, 70, &old).unwrap().as_deref(), Some(r#""Reject""#));
        }
        assert_eq!(seal.open(None, 7, 71, &old).unwrap(), None, "moved to another item");
        assert_eq!(seal.open(None, 8, 70, &old).unwrap(), None, "moved to another assembly");
        assert_eq!(BallotSeal::new(b"another secret").open(None, 7, 70, &old).unwrap(), None);
    }

    #[test]
    fn a_session_secret_opens_only_under_its_session_key_and_secret() {
        let seal = SessionSeal::new(b"a secret of at least thirty-two characters");
        let sealed = seal.seal("codes", "ABCD-2345-EFGH").unwrap();
        assert!(!sealed.contains("ABCD"));
        assert_ne!(sealed, seal.seal("codes", "ABCD-2345-EFGH").unwrap());
        assert_eq!(seal.open("codes", &sealed).unwrap().as_deref(), Some("ABCD-2345-EFGH"));
        assert_eq!(seal.open("new_token", &sealed).unwrap(), None, "moved to another session key");
        assert_eq!(SessionSeal::new(b"another secret").open("codes", &sealed).unwrap(), None);
        // a ballot seal and a session seal never open each other's values
        let ballot =
            BallotSeal::new(b"a secret of at least thirty-two characters").seal_v1_for_tests(1, 1, "x").unwrap();
        assert_eq!(seal.open("codes", &ballot).unwrap(), None);
    }

    #[test]
    fn welfare_fields_open_only_in_their_place_and_survive_a_key_rotation() {
        use base64::engine::general_purpose::STANDARD;
        let k1 = STANDARD.encode([1u8; 32]);
        let k2 = STANDARD.encode([2u8; 32]);
        let old = WelfareVault::from_spec(&format!("k1:{k1}")).unwrap();
        let sealed = old.seal("welfare-case/7/place", "연희로 11, 반지하").unwrap();
        assert!(sealed.starts_with("k1:") && !sealed.contains("연희로"));
        assert_ne!(sealed, old.seal("welfare-case/7/place", "연희로 11, 반지하").unwrap());
        assert_eq!(old.open("welfare-case/7/place", &sealed).unwrap(), "연희로 11, 반지하");
        assert!(old.open("welfare-case/8/place", &sealed).is_err(), "moved to another case");
        assert!(old.open("welfare-case/7/note", &sealed).is_err(), "moved to another field");
        // rotation: the new key first, the old one kept to open what it sealed
        let rotated = WelfareVault::from_spec(&format!("k2:{k2}, k1:{k1}")).unwrap();
        assert_eq!(rotated.current(), "k2");
        assert_eq!(rotated.open("welfare-case/7/place", &sealed).unwrap(), "연희로 11, 반지하");
        assert!(rotated.is_stale(&sealed));
        let resealed = rotated.seal("welfare-case/7/place", "연희로 11, 반지하").unwrap();
        assert!(resealed.starts_with("k2:") && !rotated.is_stale(&resealed));
        // once k1 is removed, its values no longer open (an error, never an empty field)
        let only_new = WelfareVault::from_spec(&format!("k2:{k2}")).unwrap();
        assert!(only_new.open("welfare-case/7/place", &sealed).is_err());
        assert_eq!(only_new.open("welfare-case/7/place", &resealed).unwrap(), "연희로 11, 반지하");
        // a key under another id does not open it either
        let impostor = WelfareVault::from_spec(&format!("k1:{k2}")).unwrap();
        assert!(impostor.open("welfare-case/7/place", &sealed).is_err());
        assert!(old.open("welfare-case/7/place", "k1:not base64 !").is_err());
        assert!(old.open("welfare-case/7/place", "").is_err());
    }

    #[test]
    fn welfare_keys_are_refused_unless_well_formed() {
        use base64::engine::general_purpose::STANDARD;
        let k = STANDARD.encode([3u8; 32]);
        assert!(WelfareVault::from_spec("").is_err());
        assert!(WelfareVault::from_spec(&k).is_err(), "no id");
        assert!(WelfareVault::from_spec(&format!("a b:{k}")).is_err());
        assert!(WelfareVault::from_spec(&format!("k:{}", STANDARD.encode([3u8; 16]))).is_err(), "a 128-bit key");
        assert_eq!(
            WelfareVault::from_spec(&format!("k:{k},k:{k}")).unwrap_err(),
            VaultConfigError::DuplicateId("k".into())
        );
        let derived = WelfareVault::derived(b"a secret of at least thirty-two characters");
        let sealed = derived.seal("p", "x").unwrap();
        assert_eq!(derived.open("p", &sealed).unwrap(), "x");
        assert!(WelfareVault::derived(b"another secret").open("p", &sealed).is_err());
    }
}
