//! Who a person is on the platform, as parsed input: names, birth years, counter sign-in codes,
//! personal access tokens and the ways staff verify residency.
//!
//! Secrets (sign-in codes, access tokens) are generated here from random bytes handed in by the
//! caller, so this module stays pure; the server hashes them before storing.

use super::{Field, Format, InputRule, Unit, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A person's display name: 1–40 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 40;

    /// Normalised and checked like every one-line text (`text::bounded`): no control characters,
    /// and no invisible ones that would make a name display reversed or look like another's.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        super::text::bounded(Field::DisplayName, s, 1, Self::MAX_CHARS, false).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<DisplayName> for String {
    fn from(n: DisplayName) -> String {
        n.0
    }
}

/// A birth year, between 1900 and the current year (which the caller supplies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthYear(i32);

impl BirthYear {
    pub fn parse(s: &str, current_year: i32) -> Result<Self, ValidationError> {
        let year: i32 = s
            .trim()
            .parse()
            .map_err(|_| ValidationError::new(Field::BirthYear, InputRule::Format { format: Format::Year }))?;
        if !(1900..=current_year).contains(&year) {
            let rule = InputRule::Number { min: 1900, max: i64::from(current_year), unit: Unit::Plain };
            return Err(ValidationError::new(Field::BirthYear, rule));
        }
        Ok(Self(year))
    }

    pub fn value(self) -> i32 {
        self.0
    }
}

/// The letters sign-in codes are made of: no 0/O, 1/I/L or U, so a code read aloud at the
/// counter or copied from paper cannot be mistyped into another valid code.
const CODE_ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
/// The first group of a code selects the stored code (so attempts can be counted per code);
/// the other two groups are the secret, stored only as a keyed hash.
const SELECTOR_LEN: usize = 4;
const SECRET_LEN: usize = 8;

/// A one-time counter sign-in code, printed as `ABCD-EFGH-JKMN`.
#[derive(Clone, PartialEq, Eq)]
pub struct SignInCode {
    selector: String,
    secret: String,
}

impl fmt::Debug for SignInCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignInCode({}-****-****)", self.selector)
    }
}

impl SignInCode {
    /// How many random bytes `generate` consumes.
    pub const RANDOM_BYTES: usize = SELECTOR_LEN + SECRET_LEN;

    /// A new code from random bytes (one letter per byte; the bias of `% 30` over 256 values is
    /// under 4% per letter and leaves about 39 bits of secret, ample behind the rate limit).
    pub fn generate(random: &[u8; Self::RANDOM_BYTES]) -> Self {
        let letters: String =
            random.iter().map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()])).collect();
        let (selector, secret) = letters.split_at(SELECTOR_LEN);
        Self { selector: selector.to_owned(), secret: secret.to_owned() }
    }

    /// Accepts what a person types: any case, with or without dashes and spaces.
    pub fn parse(s: &str) -> Result<Self, CodeShape> {
        let cleaned: String = s
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if cleaned.chars().count() != SELECTOR_LEN + SECRET_LEN {
            return Err(CodeShape::Length);
        }
        if !cleaned.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
            return Err(CodeShape::Letter);
        }
        let (selector, secret) = cleaned.split_at(SELECTOR_LEN);
        Ok(Self { selector: selector.to_owned(), secret: secret.to_owned() })
    }

    /// Identifies the stored code; not secret.
    pub fn selector(&self) -> &str {
        &self.selector
    }

    /// The part that is hashed and compared.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The printed form, for the one time it is shown.
    pub fn display(&self) -> String {
        format!("{}-{}-{}", self.selector, &self.secret[..4], &self.secret[4..])
    }
}

/// How long a counter code stays valid.
pub const SIGN_IN_CODE_DAYS: i64 = 7;
/// Wrong attempts allowed per code and per client address within `ATTEMPT_WINDOW_SECS`;
/// the next one is refused without being checked.
pub const MAX_FAILED_ATTEMPTS: u64 = 5;
pub const ATTEMPT_WINDOW_SECS: i64 = 60;

/// What a personal access token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenScope {
    Read,
    ReadWrite,
}

impl TokenScope {
    pub const ALL: [TokenScope; 2] = [TokenScope::Read, TokenScope::ReadWrite];

    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::ReadWrite => "read_write",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "read" => Ok(TokenScope::Read),
            "read_write" => Ok(TokenScope::ReadWrite),
            _ => Err(ValidationError::new(Field::Scope, InputRule::NotChosen)),
        }
    }

    pub fn allows_writes(self) -> bool {
        self == TokenScope::ReadWrite
    }
}

/// The prefix of personal access tokens, so leaked tokens are recognisable (secret scanners).
pub const TOKEN_PREFIX: &str = "udpat_";
pub const TOKEN_RANDOM_BYTES: usize = 32;

/// A new personal access token from 32 random bytes: `udpat_` and 64 hex digits.
pub fn generate_token(random: &[u8; TOKEN_RANDOM_BYTES]) -> String {
    let mut s = String::with_capacity(TOKEN_PREFIX.len() + 64);
    s.push_str(TOKEN_PREFIX);
    for b in random {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Why typed text cannot be a sign-in code at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeShape {
    /// Not 12 letters and digits.
    Length,
    /// A character codes never use (0, O, 1, I, …).
    Letter,
}

/// A token's name as its owner gave it, so they recognise it in the list.
pub fn parse_token_name(s: &str) -> Result<String, ValidationError> {
    super::text::bounded(Field::TokenName, s, 1, 60, false)
}

/// How staff established that a person lives in the dong. No national ID number is ever stored;
/// staff look at a document and record only which kind it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationMethod {
    /// Resident registration card or driving licence shown at the counter.
    IdCard,
    /// A document showing the address (e.g. 주민등록등본, a lease).
    AddressDocument,
    /// Known to the staff member personally (e.g. a home visit).
    HomeVisit,
}

impl VerificationMethod {
    pub const ALL: [VerificationMethod; 3] =
        [VerificationMethod::IdCard, VerificationMethod::AddressDocument, VerificationMethod::HomeVisit];

    pub fn as_str(self) -> &'static str {
        match self {
            VerificationMethod::IdCard => "id_card",
            VerificationMethod::AddressDocument => "address_document",
            VerificationMethod::HomeVisit => "home_visit",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Method, InputRule::NotChosen))
    }
}

/// A user's public account number as typed by staff: digits, optionally with a leading `#`.
pub fn parse_account_number(s: &str) -> Result<i64, ValidationError> {
    let s = s.trim().trim_start_matches('#');
    s.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ValidationError::new(Field::Account, InputRule::Format { format: Format::AccountNumber }))
}

impl VerificationMethod {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            VerificationMethod::IdCard => lang.pick("신분증 확인", "ID card shown"),
            VerificationMethod::AddressDocument => lang.pick("주소 서류 확인", "Address document shown"),
            VerificationMethod::HomeVisit => lang.pick("방문 확인", "Home visit"),
        }
    }
}

crate::term_enum! {
    /// How a recovery request ended: confirmed by a second member of staff, or withdrawn.
    pub enum RecoveryOutcome {
        Confirmed = "confirmed",
        Withdrawn = "withdrawn",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names() {
        assert_eq!(DisplayName::parse("  김영희 ").unwrap().as_str(), "김영희");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"가".repeat(41)).is_err());
        assert!(DisplayName::parse(&"가".repeat(40)).is_ok());
        assert!(DisplayName::parse("a\u{0007}b").is_err());
        // a name that would display reversed, or look like another's, is refused; a decomposed
        // Hangul name is stored composed (NFC), so it is the same name as the composed one
        let reversed = DisplayName::parse("김\u{202E}순자").unwrap_err();
        assert_eq!(reversed.rule, InputRule::InvisibleCharacters, "{reversed:?}");
        assert!(DisplayName::parse("김\u{200B}순자").is_err());
        assert_eq!(DisplayName::parse("\u{1100}\u{1175}\u{11B7}").unwrap().as_str(), "김");
        assert!(crate::geo::PlaceName::parse(Field::NameKo, "새\u{202E}빛동").is_err());
        assert!(parse_token_name("my\u{2066}token").is_err());
    }

    #[test]
    fn birth_years() {
        assert_eq!(BirthYear::parse("1956", 2026).unwrap().value(), 1956);
        assert!(BirthYear::parse("2027", 2026).is_err());
        assert!(BirthYear::parse("1899", 2026).is_err());
        assert!(BirthYear::parse("56", 2026).is_err());
        assert!(BirthYear::parse("nineteen", 2026).is_err());
    }

    #[test]
    fn codes_round_trip_through_their_printed_form() {
        let code = SignInCode::generate(&[7, 200, 33, 90, 1, 2, 3, 4, 250, 251, 252, 253]);
        let printed = code.display();
        assert_eq!(printed.len(), 14);
        assert_eq!(SignInCode::parse(&printed).unwrap(), code);
        assert_eq!(SignInCode::parse(&printed.to_lowercase().replace('-', " ")).unwrap(), code);
        assert_eq!(code.selector().len(), 4);
        assert_eq!(code.secret().len(), 8);
    }

    #[test]
    fn codes_never_contain_confusable_characters() {
        for seed in 0..=255u8 {
            let bytes = [seed; SignInCode::RANDOM_BYTES];
            let code = SignInCode::generate(&bytes).display();
            assert!(!code.contains(['0', 'O', '1', 'I', 'L', 'U']), "{code}");
        }
        assert!(SignInCode::parse("ABCD-EFGH-JKM0").is_err());
        assert!(SignInCode::parse("ABCD-EFGH").is_err());
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let code = SignInCode::parse("ABCD-EFGH-JKMN").unwrap();
        assert_eq!(format!("{code:?}"), "SignInCode(ABCD-****-****)");
    }

    #[test]
    fn tokens() {
        let t = generate_token(&[0xab; TOKEN_RANDOM_BYTES]);
        assert!(t.starts_with("udpat_"));
        assert_eq!(t.len(), 6 + 64);
        assert_eq!(TokenScope::parse("read").unwrap(), TokenScope::Read);
        assert!(TokenScope::parse("admin").is_err());
        assert!(!TokenScope::Read.allows_writes());
        assert!(parse_token_name(" laptop ").is_ok());
        assert!(parse_token_name("").is_err());
    }

    #[test]
    fn verification_methods_and_account_numbers() {
        for m in VerificationMethod::ALL {
            assert_eq!(VerificationMethod::parse(m.as_str()).unwrap(), m);
        }
        assert!(VerificationMethod::parse("national_id").is_err());
        assert_eq!(parse_account_number("#1042").unwrap(), 1042);
        assert!(parse_account_number("0").is_err());
        assert!(parse_account_number("abc").is_err());
    }
}
