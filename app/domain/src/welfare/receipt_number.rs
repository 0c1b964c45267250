//! The receipt number a referrer keeps to ask how their referral stands.

use crate::{Field, Format, InputRule, ValidationError};

/// The letters of a receipt number: digits and capitals without the ones people confuse (0/O,
/// 1/I/L) or that read as words (U). 30 symbols; ten of them are 49 bits.
const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
const RECEIPT_LEN: usize = 10;

/// What the referrer keeps to ask later how their referral stands, e.g. `WB-7KQ4-M2XN-HD`.
/// It is the only key to the status, so it is random (49 bits, from the operating system), and
/// the database keeps only a keyed hash of it (services::welfare): reading the tables does not
/// give anyone the numbers people hold.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptNumber(String);

impl ReceiptNumber {
    /// From a random number: its remainder by 30¹⁰ in base 30 (the bias of the remainder is
    /// 30¹⁰ / 2⁶⁴ ≈ 0.003%).
    pub fn from_random(random: u64) -> ReceiptNumber {
        let base = ALPHABET.len() as u64;
        let mut n = random % base.pow(RECEIPT_LEN as u32);
        let mut symbols = [0u8; RECEIPT_LEN];
        for s in symbols.iter_mut().rev() {
            *s = ALPHABET[(n % base) as usize];
            n /= base;
        }
        ReceiptNumber(symbols.iter().map(|b| *b as char).collect())
    }

    /// As typed back: case, spaces and hyphens do not matter, nor a leading `WB`; the letters
    /// people confuse are read as the ones we use (O as 0 is not in the alphabet: refused).
    pub fn parse(s: &str) -> Result<ReceiptNumber, ValidationError> {
        let bad = || ValidationError::new(Field::ReceiptNumber, InputRule::Format { format: Format::Receipt });
        let cleaned: String =
            s.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect();
        let body = cleaned.strip_prefix("WB").unwrap_or(&cleaned);
        if body.chars().count() != RECEIPT_LEN || !body.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(bad());
        }
        Ok(ReceiptNumber(body.to_owned()))
    }

    /// The ten symbols, as hashed.
    pub fn canonical(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.0;
        write!(f, "WB-{}-{}-{}", &s[0..4], &s[4..8], &s[8..10])
    }
}

impl std::fmt::Debug for ReceiptNumber {
    /// Never in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReceiptNumber(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_numbers_read_back_however_they_are_typed() {
        // 30 = "32" in base 30; 29 · 30 = "Z2"
        assert_eq!(ReceiptNumber::from_random(30).to_string(), "WB-2222-2222-32");
        assert_eq!(ReceiptNumber::from_random(29 * 30 + 30u64.pow(10)).to_string(), "WB-2222-2222-Z2");
        let r = ReceiptNumber::parse("WB-2345-6789-Z2").unwrap_or_else(|_| ReceiptNumber::from_random(0));
        let shown = r.to_string();
        assert_eq!(shown, "WB-2345-6789-Z2");
        for typed in [shown.clone(), shown.to_lowercase(), " wb 2345 6789 z2 ".into(), "23456789Z2".into()] {
            assert_eq!(ReceiptNumber::parse(&typed).as_ref().map(|r| r.canonical()), Ok("23456789Z2"), "{typed}");
        }
        for bad in ["", "WB-2345-6789", "WB-2345-6789-Z2X", "WB-0345-6789-Z2", "WB-2345-6789-Z가"] {
            assert!(ReceiptNumber::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{r:?}"), "ReceiptNumber(…)", "never in logs");
    }
}
