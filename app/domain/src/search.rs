//! Search terms for Korean and everything else, one rule for both databases.
//!
//! Most Korean words are two syllables and take particles (`주차장을`, `놀이터에서`), so a word
//! index finds neither `주차` inside `공영주차장` nor `놀이터` in `놀이터에서`. What is indexed
//! instead is every pair of adjacent syllables (bigrams) of a Korean run, in order: `공영주차장` →
//! `공영 영주 주차 차장`. A query word becomes the phrase of its own bigrams (`주차장` → the
//! consecutive `주차 차장`), which both SQLite FTS5 and PostgreSQL's `tsvector` answer from an
//! index. Other letters and digits are indexed as lower-cased words and matched by prefix.
//!
//! A phrase of bigrams can still match across two words (`공원 원두` holds the phrase of
//! `공원두`), so the service checks the words of the query against the document's plain text
//! ([`Query::words`]) before it answers. A query made only of one-syllable Korean words has no
//! bigram to look up ([`Query::indexable`] is false); it is answered by a substring scan.

use super::text::{SearchQuery, search_text};

/// Characters indexed as syllables (bigrams) rather than words: Hangul and CJK ideographs.
fn is_syllabic(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}'        // Hangul syllables
        | '\u{1100}'..='\u{11FF}'      // Hangul jamo
        | '\u{3130}'..='\u{318F}'      // compatibility jamo
        | '\u{4E00}'..='\u{9FFF}'      // CJK unified ideographs (한자)
        | '\u{3400}'..='\u{4DBF}')
}

/// One run of a text: syllables to be paired, or a word of other letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Run {
    Syllables(Vec<char>),
    Word(String),
}

/// The runs of an already normalised, lower-cased text, in order. Anything that is neither a
/// letter, a digit nor a syllable separates runs.
fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut current: Option<Run> = None;
    for c in text.chars() {
        let next = if is_syllabic(c) {
            Some(true)
        } else if c.is_alphanumeric() {
            Some(false)
        } else {
            None
        };
        match (next, current.as_mut()) {
            (Some(true), Some(Run::Syllables(s))) => s.push(c),
            (Some(false), Some(Run::Word(w))) => w.push(c),
            (None, _) => out.extend(current.take()),
            (Some(syllabic), _) => {
                out.extend(current.take());
                current = Some(if syllabic { Run::Syllables(vec![c]) } else { Run::Word(c.to_string()) });
            }
        }
    }
    out.extend(current);
    out
}

/// The terms of a run: a syllable run's bigrams (a lone syllable stands for itself), a word as is.
fn terms_of(run: &Run) -> Vec<String> {
    match run {
        Run::Syllables(s) if s.len() == 1 => vec![s[0].to_string()],
        Run::Syllables(s) => s.windows(2).map(|w| w.iter().collect()).collect(),
        Run::Word(w) => vec![w.clone()],
    }
}

/// What the index stores for `text`: its terms in order, separated by spaces.
pub fn index_terms(text: &str) -> String {
    let plain = search_text([text]);
    let mut out = String::with_capacity(plain.len() * 2);
    for run in runs(&plain) {
        for t in terms_of(&run) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&t);
        }
    }
    out
}

/// One part of a query the index can answer: the consecutive terms of a syllable run (a
/// phrase), or the start of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Phrase(Vec<String>),
    Prefix(String),
}

/// A search box's query as the index reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
    words: Vec<String>,
    indexable: bool,
}

impl Query {
    pub fn new(q: &SearchQuery) -> Query {
        let words: Vec<String> = q.as_str().split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        let mut terms = Vec::new();
        let mut indexable = true;
        for run in runs(q.as_str()) {
            match run {
                Run::Syllables(s) if s.len() == 1 => indexable = false,
                Run::Syllables(_) => terms.push(Term::Phrase(terms_of(&run))),
                Run::Word(w) => terms.push(Term::Prefix(w)),
            }
        }
        // every run must be answered by the index, or none is
        Query { indexable: indexable && !terms.is_empty(), terms, words }
    }

    /// Whether every part of the query has terms the index holds.
    pub fn indexable(&self) -> bool {
        self.indexable
    }

    /// The words every answer's plain text contains (checked after the index narrowed).
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The query in SQLite FTS5's syntax: every part required; phrases quoted, prefixes starred.
    /// Terms hold letters and digits only, so quoting cannot be escaped.
    pub fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Phrase(p) => format!("\"{}\"", p.join(" ")),
                Term::Prefix(w) => format!("\"{w}\"*"),
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The query as a PostgreSQL `tsquery` literal: phrases with `<->`, prefixes with `:*`.
    pub fn tsquery(&self) -> String {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Phrase(p) => {
                    format!("({})", p.iter().map(|b| format!("'{b}'")).collect::<Vec<_>>().join(" <-> "))
                }
                Term::Prefix(w) => format!("'{w}':*"),
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(s: &str) -> Query {
        Query::new(&SearchQuery::parse(s).unwrap().unwrap())
    }

    #[test]
    fn korean_runs_become_their_bigrams_in_order() {
        assert_eq!(index_terms("공영주차장"), "공영 영주 주차 차장");
        assert_eq!(index_terms("놀이터에서 Book-Café 3단지"), "놀이 이터 터에 에서 book café 3 단지");
        assert_eq!(index_terms("길 위"), "길 위");
        assert_eq!(index_terms("  "), "");
    }

    #[test]
    fn a_query_word_is_the_phrase_of_its_bigrams() {
        let q = query("주차장 Park");
        assert!(q.indexable());
        assert_eq!(q.fts5(), "\"주차 차장\" AND \"park\"*");
        assert_eq!(q.tsquery(), "('주차' <-> '차장') & 'park':*");
        assert_eq!(q.words(), ["주차장", "park"]);
        assert_eq!(query("주차").fts5(), "\"주차\"");
    }

    #[test]
    fn the_bigrams_of_a_query_are_a_run_of_the_documents_terms() {
        // what the index finds: the query's phrase appears, in order, among the document's terms
        let doc = index_terms("공영주차장을 만들어 주세요");
        for q in ["주차", "주차장", "공영주차장", "만들"] {
            for t in &query(q).terms {
                let Term::Phrase(p) = t else { panic!("{q}") };
                assert!(doc.contains(&p.join(" ")), "{q} in {doc}");
            }
        }
    }

    #[test]
    fn one_syllable_words_are_not_indexable_and_quotes_cannot_escape() {
        assert!(!query("길").indexable());
        assert!(!query("골목 길").indexable(), "every part must be answered by the index");
        assert!(query("골목길").indexable());
        // punctuation separates runs and never reaches the query syntax
        let q = query("\"a\" OR 'b' <-> *");
        assert_eq!(q.fts5(), "\"a\"* AND \"or\"* AND \"b\"*");
        assert_eq!(q.tsquery(), "'a':* & 'or':* & 'b':*");
        assert!(!query("*&|").indexable());
    }
}
