//! The optional configuration file: `KEY=VALUE` lines, `#` comments, the same keys as the
//! environment. Values from the environment win over the file.

use super::SetupError;

/// Parses a configuration file into key/value pairs, in order.
pub fn parse(text: &str) -> Result<Vec<(String, String)>, SetupError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((k, v)) = line.split_once('=') else {
            return Err(SetupError::new("config", format!("line {}: expected KEY=VALUE", i + 1)));
        };
        let k = k.trim();
        if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(SetupError::new("config", format!("line {}: invalid key `{k}`", i + 1)));
        }
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
            .unwrap_or(v);
        out.push((k.to_owned(), v.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_values_comments_and_quotes() {
        let parsed = parse("# c\n\nUD_ENV=production\nexport UD_SECRET=\"a b\"\nX='y'\n").unwrap();
        assert_eq!(
            parsed,
            vec![("UD_ENV".into(), "production".into()), ("UD_SECRET".into(), "a b".into()), ("X".into(), "y".into())]
        );
    }

    #[test]
    fn rejects_lines_without_equals_or_bad_keys() {
        assert!(parse("JUSTAKEY\n").is_err());
        assert!(parse("BAD-KEY=1\n").is_err());
    }
}
