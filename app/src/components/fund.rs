//! Words the fund's views share: what kind of entry a journal row is.

use crate::domain::lang::Lang;

/// A journal entry's kind (`income`, `expense`, `allocation`, `release`, `reversal`) as people
/// read it.
pub fn entry_kind_label(lang: Lang, k: &str) -> &'static str {
    match k {
        "income" => lang.pick("수입", "Income"),
        "expense" => lang.pick("지출", "Expense"),
        "allocation" => lang.pick("사업 배정", "Earmarked"),
        "release" => lang.pick("배정 반환", "Returned"),
        "reversal" => lang.pick("정정", "Correction"),
        _ => "",
    }
}
