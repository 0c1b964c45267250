//! Seoul's geography: districts (자치구) and their administrative neighbourhoods (행정동).
//!
//! Codes are the 10-digit MOIS administrative codes. A dong's code starts with the first five
//! digits of its district's code, and a district's code is those five digits plus `00000`.

use super::{Field, Format, InputRule, SetupError, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A district's 10-digit code, e.g. `1141000000` for Seodaemun-gu.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DistrictCode(String);

/// A dong's 10-digit code, e.g. `1141052000` for Cheonyeon-dong.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DongCode(String);

fn ten_digits(field: Field, s: &str) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_owned())
    } else {
        Err(ValidationError::new(field, InputRule::Format { format: Format::TenDigits }))
    }
}

impl DistrictCode {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let code = ten_digits(Field::DistrictCode, s)?;
        if !code.ends_with("00000") {
            return Err(ValidationError::new(Field::DistrictCode, InputRule::Format { format: Format::TenDigits }));
        }
        Ok(Self(code))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl DongCode {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let code = ten_digits(Field::DongCode, s)?;
        if code.ends_with("00000") {
            return Err(ValidationError::new(Field::DongCode, InputRule::Format { format: Format::TenDigits }));
        }
        Ok(Self(code))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The code of the district this dong belongs to.
    pub fn district(&self) -> DistrictCode {
        DistrictCode(format!("{}00000", &self.0[..5]))
    }
}

macro_rules! string_newtype_impls {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl TryFrom<String> for $t {
            type Error = ValidationError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
    };
}
string_newtype_impls!(DistrictCode);
string_newtype_impls!(DongCode);

/// A place name (district, dong or center) in one language: trimmed, 1–60 characters,
/// no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceName(String);

impl PlaceName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(field: Field, s: &str) -> Result<Self, ValidationError> {
        super::text::bounded(field, s, 1, Self::MAX_CHARS, false).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A WGS84 point. Seoul lies near 37.5 N, 127 E; the check is only that the numbers are a point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl Coordinates {
    pub fn parse(lat: &str, lon: &str) -> Result<Self, ValidationError> {
        let lat: f64 = lat
            .trim()
            .parse()
            .map_err(|_| ValidationError::new(Field::Lat, InputRule::Format { format: Format::Degrees }))?;
        let lon: f64 = lon
            .trim()
            .parse()
            .map_err(|_| ValidationError::new(Field::Lon, InputRule::Format { format: Format::Degrees }))?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(ValidationError::new(Field::Lat, InputRule::Format { format: Format::Degrees }));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(ValidationError::new(Field::Lon, InputRule::Format { format: Format::Degrees }));
        }
        Ok(Self { lat, lon })
    }
}

/// One row of the reference file `seoul_dongs.csv`: a dong with its district.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceDong {
    pub district_code: DistrictCode,
    pub district_name_ko: PlaceName,
    pub district_name_en: PlaceName,
    pub dong_code: DongCode,
    pub dong_name_ko: PlaceName,
    pub dong_name_en: PlaceName,
    pub centroid: Coordinates,
}

/// A reference file that could not be read, with the 1-based line where it failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct ReferenceError {
    pub line: usize,
    pub error: SetupError,
}

const REFERENCE_HEADER: &str =
    "district_code,district_name_ko,district_name_en,dong_code,dong_name_ko,dong_name_en,lat,lon";

/// Splits one CSV line into fields (RFC 4180: a quoted field may hold commas, `""` is a quote).
pub fn split_csv_line(line: &str) -> Result<Vec<String>, SetupError> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '"') if field.is_empty() => quoted = true,
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                if !matches!(chars.peek(), None | Some(',')) {
                    return Err(SetupError::new("row", "text after a closing quote"));
                }
            }
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err(SetupError::new("row", "unclosed quote"));
    }
    fields.push(field);
    Ok(fields)
}

/// Parses the reference CSV. Every row is checked,
/// including that a dong's code lies in its district and that no dong code repeats.
pub fn parse_reference_csv(text: &str) -> Result<Vec<ReferenceDong>, ReferenceError> {
    let mut lines = text.lines().enumerate();
    let header_ok = lines.next().is_some_and(|(_, h)| h.trim_start_matches('\u{feff}').trim() == REFERENCE_HEADER);
    if !header_ok {
        return Err(ReferenceError {
            line: 1,
            error: SetupError::new("header", format!("expected `{REFERENCE_HEADER}`")),
        });
    }
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in lines {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let at = |error: ValidationError| ReferenceError { line: line_no, error: error.into() };
        let f = split_csv_line(line).map_err(|error| ReferenceError { line: line_no, error })?;
        if f.len() != 8 {
            let error = SetupError::new("row", format!("expected 8 fields, found {}", f.len()));
            return Err(ReferenceError { line: line_no, error });
        }
        let row = ReferenceDong {
            district_code: DistrictCode::parse(&f[0]).map_err(at)?,
            district_name_ko: PlaceName::parse(Field::DistrictNameKo, &f[1]).map_err(at)?,
            district_name_en: PlaceName::parse(Field::DistrictNameEn, &f[2]).map_err(at)?,
            dong_code: DongCode::parse(&f[3]).map_err(at)?,
            dong_name_ko: PlaceName::parse(Field::DongNameKo, &f[4]).map_err(at)?,
            dong_name_en: PlaceName::parse(Field::DongNameEn, &f[5]).map_err(at)?,
            centroid: Coordinates::parse(&f[6], &f[7]).map_err(at)?,
        };
        if row.dong_code.district() != row.district_code {
            return Err(at(ValidationError::new(Field::DongCode, InputRule::NoSuch)));
        }
        if !seen.insert(row.dong_code.clone()) {
            return Err(at(ValidationError::new(Field::DongCode, InputRule::Taken)));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Default name of a dong's community service center, in both languages.
pub fn default_center_names(dong_ko: &str, dong_en: &str) -> (String, String) {
    (format!("{dong_ko} 주민센터"), format!("{dong_en} Community Service Center"))
}

/// Default address line of a center, until staff enter the street address.
pub fn default_center_address(district_ko: &str, dong_ko: &str, district_en: &str, dong_en: &str) -> (String, String) {
    (format!("서울특별시 {district_ko} {dong_ko}"), format!("{dong_en}, {district_en}, Seoul"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn district_codes() {
        assert!(DistrictCode::parse("1141000000").is_ok());
        assert!(DistrictCode::parse(" 1141000000 ").is_ok());
        assert!(DistrictCode::parse("1141052000").is_err(), "a dong code is not a district code");
        assert!(DistrictCode::parse("114100000").is_err());
        assert!(DistrictCode::parse("11410000a0").is_err());
    }

    #[test]
    fn dong_codes_know_their_district() {
        let dong = DongCode::parse("1141052000").unwrap();
        assert_eq!(dong.district(), DistrictCode::parse("1141000000").unwrap());
        assert!(DongCode::parse("1141000000").is_err());
    }

    #[test]
    fn codes_deserialize_through_parse() {
        let ok: Result<DongCode, _> = serde_json::from_str("\"1141052000\"");
        assert!(ok.is_ok());
        let bad: Result<DongCode, _> = serde_json::from_str("\"12\"");
        assert!(bad.is_err());
    }

    #[test]
    fn place_names() {
        assert_eq!(PlaceName::parse(Field::DongNameKo, "  천연동 ").unwrap().as_str(), "천연동");
        assert!(PlaceName::parse(Field::DongNameKo, "   ").is_err());
        assert!(PlaceName::parse(Field::DongNameKo, &"가".repeat(61)).is_err());
        assert!(PlaceName::parse(Field::DongNameKo, &"가".repeat(60)).is_ok());
        assert!(PlaceName::parse(Field::DongNameKo, "a\u{0}b").is_err());
    }

    #[test]
    fn coordinates() {
        assert!(Coordinates::parse("37.57", "126.95").is_ok());
        assert!(Coordinates::parse("91", "126").is_err());
        assert!(Coordinates::parse("37", "181").is_err());
        assert!(Coordinates::parse("x", "1").is_err());
    }

    const HEADER: &str = "district_code,district_name_ko,district_name_en,dong_code,dong_name_ko,dong_name_en,lat,lon";

    #[test]
    fn parses_reference_rows() {
        let csv = format!(
            "{HEADER}\n1141000000,서대문구,Seodaemun-gu,1141052000,천연동,Cheonyeon-dong,37.57195,126.95616\n\n"
        );
        let rows = parse_reference_csv(&csv).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].dong_name_en.as_str(), "Cheonyeon-dong");
    }

    #[test]
    fn rejects_bad_reference_rows_with_line_numbers() {
        let wrong_district =
            format!("{HEADER}\n1111000000,종로구,Jongno-gu,1141052000,천연동,Cheonyeon-dong,37.5,126.9\n");
        assert_eq!(parse_reference_csv(&wrong_district).unwrap_err().line, 2);
        let dup = format!(
            "{HEADER}\n1141000000,서대문구,Seodaemun-gu,1141052000,천연동,Cheonyeon-dong,37.5,126.9\n\
             1141000000,서대문구,Seodaemun-gu,1141052000,천연동,Cheonyeon-dong,37.5,126.9\n"
        );
        assert_eq!(parse_reference_csv(&dup).unwrap_err().line, 3);
        assert_eq!(parse_reference_csv("nope\n").unwrap_err().line, 1);
        let short = format!("{HEADER}\n1141000000,서대문구\n");
        assert_eq!(parse_reference_csv(&short).unwrap_err().line, 2);
    }

    #[test]
    fn csv_fields_may_be_quoted() {
        assert_eq!(split_csv_line("a,\"b,c\",d").unwrap(), vec!["a", "b,c", "d"]);
        assert_eq!(split_csv_line("\"say \"\"hi\"\"\",x").unwrap(), vec!["say \"hi\"", "x"]);
        assert_eq!(split_csv_line("a,,").unwrap(), vec!["a", "", ""]);
        assert!(split_csv_line("\"open,x").is_err());
        assert!(split_csv_line("\"a\"b,x").is_err());
    }

    #[test]
    fn the_shipped_reference_file_is_valid_and_complete() {
        let rows = parse_reference_csv(include_str!("../../../server/reference/seoul_dongs.csv")).unwrap();
        assert_eq!(rows.len(), 426);
        let districts: std::collections::HashSet<_> = rows.iter().map(|r| r.district_code.clone()).collect();
        assert_eq!(districts.len(), 25);
        let seodaemun = rows.iter().filter(|r| r.district_code.as_str() == "1141000000").count();
        assert_eq!(seodaemun, 14);
        assert!(rows.iter().any(|r| r.dong_name_en.as_str() == "Jongno 1,2,3,4-ga-dong"));
    }
}

/// Whether a place matches what someone typed into a filter box: every whitespace-separated
/// word must occur in the Korean or the English name, ignoring case. An empty query matches all.
pub fn name_matches(query: &str, name_ko: &str, name_en: &str) -> bool {
    let ko = name_ko.to_lowercase();
    let en = name_en.to_lowercase();
    query.split_whitespace().all(|word| {
        let w = word.to_lowercase();
        ko.contains(&w) || en.contains(&w)
    })
}

#[cfg(test)]
mod filter_tests {
    use super::name_matches;

    #[test]
    fn matches_either_language_ignoring_case() {
        assert!(name_matches("", "서대문구", "Seodaemun-gu"));
        assert!(name_matches("서대문", "서대문구", "Seodaemun-gu"));
        assert!(name_matches("seodae", "서대문구", "Seodaemun-gu"));
        assert!(name_matches("  SEODAEMUN  gu ", "서대문구", "Seodaemun-gu"));
        assert!(!name_matches("종로", "서대문구", "Seodaemun-gu"));
        assert!(!name_matches("seodaemun 종로", "서대문구", "Seodaemun-gu"));
    }
}

/// The area a list is about: one dong, or a whole district.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Area {
    Dong(DongCode),
    District(DistrictCode),
}

impl Area {
    /// A dong code (10 digits not ending in `00000`) or a district code.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match DongCode::parse(s) {
            Ok(d) => Ok(Area::Dong(d)),
            Err(_) => DistrictCode::parse(s).map(Area::District),
        }
    }

    pub fn district(&self) -> DistrictCode {
        match self {
            Area::Dong(d) => d.district(),
            Area::District(d) => d.clone(),
        }
    }
}
