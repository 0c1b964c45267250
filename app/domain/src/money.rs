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

/// A short form for chart labels: `123만` / `1.2M` (rounded; the table beside has the exact
/// amount).
pub fn compact(n: i64, lang: Lang) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let a = n.unsigned_abs();
    match lang {
        Lang::Ko if a >= 100_000_000 => format!("{sign}{:.1}억", a as f64 / 100_000_000.0),
        Lang::Ko if a >= 10_000 => format!("{sign}{}만", (a + 5_000) / 10_000),
        Lang::En if a >= 1_000_000 => format!("{sign}{:.1}M", a as f64 / 1_000_000.0),
        Lang::En if a >= 1_000 => format!("{sign}{}k", (a + 500) / 1_000),
        _ => format!("{sign}{a}"),
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

    #[test]
    fn compact_labels() {
        assert_eq!(compact(1_234_000, Lang::Ko), "123만");
        assert_eq!(compact(1_234_000, Lang::En), "1.2M");
        assert_eq!(compact(350_000_000, Lang::Ko), "3.5억");
        assert_eq!(compact(45_000, Lang::En), "45k");
        assert_eq!(compact(9_999, Lang::Ko), "9999");
        assert_eq!(compact(-20_000, Lang::Ko), "-2만");
    }
}
