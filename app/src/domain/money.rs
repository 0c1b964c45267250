//! Money is whole won in an `i64`. Shown with thousands separators: `1,234,000원` in Korean,
//! `₩1,234,000` in English.

use super::lang::Lang;

/// `n` with thousands separators.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount as people read it in `lang`.
pub fn format_won(n: i64, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{}원", grouped(n)),
        Lang::En if n < 0 => format!("-₩{}", grouped(-n)),
        Lang::En => format!("₩{}", grouped(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_000), "1,234,000");
        assert_eq!(grouped(-12_345), "-12,345");
        assert_eq!(grouped(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn both_languages() {
        assert_eq!(format_won(1_234_000, Lang::Ko), "1,234,000원");
        assert_eq!(format_won(1_234_000, Lang::En), "₩1,234,000");
        assert_eq!(format_won(-500, Lang::En), "-₩500");
    }
}
