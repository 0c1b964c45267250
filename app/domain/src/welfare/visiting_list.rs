//! Proactive visiting lists: the programs whose households the center visits, and the lists staff import.

use super::referral::PLACE_MAX;
use crate::lang::Lang;
use crate::ledger::Month;
use serde::{Deserialize, Serialize};

/// The programs whose households the center visits without being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// Residents turning 65.
    Turning65,
    /// Residents turning 70.
    Turning70,
    /// Families with a newborn.
    Newborn,
    /// Families in crisis (the city's list of households behind on utilities and the like).
    Crisis,
}

impl Program {
    pub const ALL: [Program; 4] = [Program::Turning65, Program::Turning70, Program::Newborn, Program::Crisis];

    pub fn as_str(self) -> &'static str {
        match self {
            Program::Turning65 => "turning_65",
            Program::Turning70 => "turning_70",
            Program::Newborn => "newborn",
            Program::Crisis => "crisis",
        }
    }

    /// The stored form, or the Korean words staff's spreadsheets use.
    pub fn parse(s: &str) -> Option<Program> {
        let s = s.trim();
        Program::ALL.into_iter().find(|p| p.as_str() == s).or(match s {
            "65세" | "만65세" => Some(Program::Turning65),
            "70세" | "만70세" => Some(Program::Turning70),
            "출산" | "출산가정" => Some(Program::Newborn),
            "위기가구" | "위기" => Some(Program::Crisis),
            _ => None,
        })
    }
}

/// One household due a visit, from a row of the imported list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueVisit {
    pub program: Program,
    pub address: String,
    pub due: Month,
}

/// A row of the list that could not be read, by its line number (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    pub reason: String,
}

/// At most this many households in one import.
pub const IMPORT_MAX_ROWS: usize = 2_000;

/// Reads a visiting list: a header `program,address,due_month` (or 사업,주소,방문월), then one
/// household a line. Quoted fields may hold commas and doubled quotes. Every bad row is reported
/// with its line, and nothing is imported unless every row reads (no half-imported lists).
pub fn parse_visiting_list(text: &str) -> Result<Vec<DueVisit>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let header_ok = lines.next().is_some_and(|(_, h)| {
        let cols: Vec<String> = fields(h).unwrap_or_default().iter().map(|c| c.trim().to_lowercase()).collect();
        cols == ["program", "address", "due_month"] || cols == ["사업", "주소", "방문월"]
    });
    if !header_ok {
        return Err(vec![RowError {
            line: 1,
            reason: "the first line must be the header: program,address,due_month".into(),
        }]);
    }
    let mut visits = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in lines {
        let line_no = i + 1;
        if visits.len() + errors.len() >= IMPORT_MAX_ROWS {
            errors.push(RowError { line: line_no, reason: format!("at most {IMPORT_MAX_ROWS} households at once") });
            break;
        }
        match row(line) {
            Ok(v) => visits.push(v),
            Err(reason) => errors.push(RowError { line: line_no, reason }),
        }
    }
    if errors.is_empty() { Ok(visits) } else { Err(errors) }
}

fn row(line: &str) -> Result<DueVisit, String> {
    let cols = fields(line).ok_or("a quoted field is not closed")?;
    let [program, address, due] = cols.as_slice() else {
        return Err(format!("expected 3 fields, found {}", cols.len()));
    };
    let program = Program::parse(program).ok_or_else(|| format!("unknown program {:?}", program.trim()))?;
    let address =
        crate::text::bounded(crate::Field::Address, address, 1, PLACE_MAX, false).map_err(|e| e.say(Lang::En))?;
    let due = Month::parse(due).map_err(|e| e.say(Lang::En))?;
    Ok(DueVisit { program, address, due })
}

/// The fields of one CSV line; `None` when a quote is left open.
fn fields(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.trim().is_empty() => {
                cur.clear();
                quoted = true;
            }
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    if quoted {
        return None;
    }
    out.push(cur);
    Some(out)
}

impl Program {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Program::Turning65 => lang.pick("만 65세 어르신", "Turning 65"),
            Program::Turning70 => lang.pick("만 70세 어르신", "Turning 70"),
            Program::Newborn => lang.pick("출산 가정", "Newborn family"),
            Program::Crisis => lang.pick("위기 가구", "Household in crisis"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visiting_list_imports_whole_or_not_at_all() {
        let ok =
            "\u{feff}program,address,due_month\nturning_65,\"연희로 1, 101호\",2026-12\n\n출산가정,연희동 2,2027-01\n";
        let visits = parse_visiting_list(ok);
        assert_eq!(
            visits,
            Ok(vec![
                DueVisit {
                    program: Program::Turning65,
                    address: "연희로 1, 101호".into(),
                    due: Month { year: 2026, month: 12 }
                },
                DueVisit {
                    program: Program::Newborn, address: "연희동 2".into(), due: Month { year: 2027, month: 1 }
                },
            ])
        );
        let bad =
            "사업,주소,방문월\nturning_65,a,2026-12\nteen,b,2026-12\ncrisis,,2026-12\ncrisis,\"c,2026-12\nnewborn,d\n";
        let lines: Vec<usize> = parse_visiting_list(bad).err().unwrap_or_default().iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert!(parse_visiting_list("a,b,c\nturning_65,a,2026-12").is_err(), "a wrong header is refused");
        assert!(parse_visiting_list("").is_err());
    }
}
