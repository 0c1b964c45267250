//! Padding for sealed values. Encryption hides what a value says, not how long it is: a sealed
//! "Reject" was two characters shorter than a sealed "Approve", and a welfare case's sealed needs
//! told which needs by their length. So every value is padded to a size fixed in advance before
//! it is sealed, and the padding is taken off when it is opened.
//!
//! The scheme is ISO/IEC 7816-4 (one `0x80` byte, then zeros up to the size): unambiguous for any
//! content, since the last non-zero byte of a padded value is always the marker.

/// The sizes a welfare field's plaintext is padded to: its sealed length says at most which of
/// these it fits (a field longer than the last is padded to a multiple of the last).
pub const WELFARE_BUCKETS: [usize; 4] = [64, 256, 1024, 4096];

/// The size a value of `len` bytes is padded to: the smallest bucket with room for it and the
/// marker byte, or past the last bucket the next multiple of it. `buckets` ascend and are not
/// empty.
pub fn bucket(len: usize, buckets: &[usize]) -> usize {
    let need = len + 1;
    if let Some(b) = buckets.iter().copied().find(|b| *b >= need) {
        return b;
    }
    let last = buckets.last().copied().unwrap_or(1).max(1);
    need.div_ceil(last) * last
}

/// `plain` padded to exactly `size` bytes, or `None` when it does not fit (it needs one byte
/// more than its length, for the marker).
pub fn pad(plain: &[u8], size: usize) -> Option<Vec<u8>> {
    if plain.len() >= size {
        return None;
    }
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(plain);
    out.push(0x80);
    out.resize(size, 0);
    Some(out)
}

/// The value inside a padded one, or `None` when `padded` carries no marker (it was not padded
/// by [`pad`]).
pub fn unpad(padded: &[u8]) -> Option<&[u8]> {
    let end = padded.iter().rposition(|b| *b != 0)?;
    (padded[end] == 0x80).then(|| &padded[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_round_trips_any_content_to_exactly_its_size() {
        for plain in [&b""[..], b"a", b"\x80", b"\x80\x00", b"abc\x00", "밥".as_bytes()] {
            for size in [plain.len() + 1, 16, 64] {
                let padded = pad(plain, size).unwrap();
                assert_eq!(padded.len(), size);
                assert_eq!(unpad(&padded), Some(plain), "{plain:?} at {size}");
            }
        }
        assert_eq!(pad(b"abcd", 4), None, "no room for the marker");
        assert_eq!(unpad(b"abc"), None);
        assert_eq!(unpad(b"\x00\x00"), None);
    }

    #[test]
    fn lengths_fall_into_buckets() {
        assert_eq!(bucket(0, &WELFARE_BUCKETS), 64);
        assert_eq!(bucket(63, &WELFARE_BUCKETS), 64);
        assert_eq!(bucket(64, &WELFARE_BUCKETS), 256, "the marker needs a byte");
        assert_eq!(bucket(4095, &WELFARE_BUCKETS), 4096);
        assert_eq!(bucket(4096, &WELFARE_BUCKETS), 8192);
        assert_eq!(bucket(9000, &WELFARE_BUCKETS), 12288);
    }
}
