//! Every code speaks both languages; every input rule and text bound says its own numbers.

use super::*;

#[test]
fn every_code_speaks_both_languages_and_names_itself() {
    let samples = ErrorCode::samples();
    let generic = ["지금은 처리할 수 없습니다.", "입력한 내용을 확인해 주세요."];
    let mut codes = std::collections::HashSet::new();
    for c in &samples {
        let (ko, en) = (c.ko(), c.en());
        assert!(!ko.is_empty() && !en.is_empty(), "{c:?}");
        assert!(!generic.contains(&ko.as_str()), "{c:?} falls back to a generic message");
        assert!(ko.chars().any(|ch| ('가'..='힣').contains(&ch)), "{c:?}: Korean: {ko}");
        assert_ne!(ko, en, "{c:?}");
        assert!(codes.insert(c.code()), "{} named twice", c.code());
        // the serialised tag is the code the API shows
        let json = serde_json::to_value(c).unwrap_or_default();
        assert_eq!(json["code"], c.code(), "{c:?}");
        assert_eq!(serde_json::from_value::<ErrorCode>(json).ok().as_ref(), Some(c));
    }
}

#[test]
fn every_booking_rule_speaks_korean() {
    use domain::booking::Refusal as R;
    let rules = [
        R::NotOnSlots(30),
        R::TooShort(30),
        R::TooLong(240),
        R::InThePast,
        R::TooSoon(60),
        R::TooFarAhead(30),
        R::OutsideHours,
        R::Blackout("청소".into()),
        R::OverCapacity(12),
        R::NoAttendees,
        R::QuotaReached(3),
        R::AlreadyBooked,
    ];
    for rule in rules {
        let code = ErrorCode::BookingRule { rule: rule.clone() };
        assert_eq!(code.en(), rule.to_string());
        assert!(code.ko().chars().any(|c| ('가'..='힣').contains(&c)), "{rule:?}");
    }
}

#[test]
fn every_input_rule_speaks_both_languages() {
    for &field in domain::Field::ALL {
        for rule in domain::InputRule::samples() {
            let code = ErrorCode::Input { field, rule };
            assert_eq!(code.ko(), rule.say(field, Lang::Ko));
            assert_eq!(code.en(), rule.say(field, Lang::En));
        }
    }
}

#[test]
fn samples_hold_every_variant() {
    // the kinds are derived from the enum, so every variant has one; each kind's sample is of
    // that kind (a sample arm pasted under the wrong kind would leave a variant unwalked)
    use strum::IntoEnumIterator;
    let kinds: Vec<ErrorCodeKind> = ErrorCodeKind::iter().collect();
    assert_eq!(ErrorCode::samples().len(), kinds.len());
    for kind in kinds {
        assert_eq!(ErrorCodeKind::from(&kind.sample()), kind);
    }
}

/// Every length rule the code states (`text::bounded(Field::…, value, min, max, …)` with
/// numbers written out), said in both languages: the sentence carries exactly that field's
/// min and max. A field whose bounds differ from form to form (a title: 5–120 for proposals,
/// 2–200 for fund projects, 5–200 for assemblies) is said with each form's own.
#[test]
fn every_text_bound_in_the_code_is_said_with_its_own_numbers() {
    use domain::{Field, InputRule};
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    // every crate of the app: this one, the web layer, the services, the domain
    for dir in ["src", "../src", "../services/src", "../domain/src"] {
        walk(&root.join(dir), &mut files);
    }
    let number = |s: &str| s.trim().replace('_', "").parse::<u32>().ok();
    let mut said = std::collections::BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for call in text.split("bounded(Field::").skip(1) {
            let args: Vec<&str> = call.splitn(5, ',').collect();
            let [name, value, min, max, _] = args[..] else { continue };
            if value.trim().starts_with('"') {
                continue; // a unit test's sample, not a form's rule
            }
            let (Some(min), Some(max)) = (number(min), number(max)) else { continue };
            let field = *Field::ALL.iter().find(|f| format!("{f:?}") == name.trim()).unwrap();
            said.insert((format!("{field:?}"), min, max));
            let rule = InputRule::Length { min, max };
            for lang in [Lang::Ko, Lang::En] {
                let sentence = ErrorCode::Input { field, rule }.message(lang);
                let digits: Vec<u32> = sentence
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|d| !d.is_empty())
                    .map(|d| d.parse().unwrap())
                    .collect();
                let want = if min == 0 || min == max { vec![max] } else { vec![min, max] };
                assert_eq!(digits, want, "{}: {sentence}", file.display());
            }
        }
    }
    assert!(said.len() > 30, "the code's text bounds were found ({})", said.len());
    for (ko_title, min, max) in [("Title", 5, 120), ("ProjectName", 2, 200), ("Title", 5, 200)] {
        assert!(said.contains(&(ko_title.to_owned(), min, max)), "{ko_title} {min}..{max}");
    }
}

#[test]
fn a_code_in_a_link_says_only_names_and_numbers() {
    use domain::{Field, InputRule};
    let input = ErrorCode::Input { field: Field::Photo, rule: InputRule::FileTooLarge { megabytes: 5 } };
    assert_eq!(ErrorCode::from_query(&input.to_query()), Some(input));
    assert_eq!(ErrorCode::from_query(&ErrorCode::TooManyImages.to_query()), Some(ErrorCode::TooManyImages));
    // a crafted link cannot make the page say its author's words
    let crafted = ErrorCode::SpaceClosed { reason: "전화 주세요 010-0000-0000".into() };
    assert_eq!(ErrorCode::from_query(&crafted.to_query()), None);
    assert_eq!(ErrorCode::from_query("not json"), None);
    assert_eq!(ErrorCode::from_query(r#"{"code":"no_such_code"}"#), None);
}
