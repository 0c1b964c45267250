//! Images residents attach to their proposals: which files are accepted, decided from the bytes
//! themselves (never from the file name or the browser's declared type).
//!
//! Only JPEG, PNG and WebP are accepted, and only when their header parses and gives plausible
//! dimensions. SVG, GIF, HTML and anything else are refused: the server later answers with the
//! type found here, so nothing a resident uploads is ever served as a document a browser would
//! run.

use super::text::bounded;
use super::{Field, InputRule, ValidationError};

/// At most this many images per proposal (also a CHECK on the stored position).
pub const MAX_PER_PROPOSAL: usize = 5;
/// At most 5 MiB per image.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Neither side may exceed this many pixels (a decompression bomb guard for whoever opens it).
pub const MAX_SIDE: u32 = 12_000;

/// The accepted formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    pub const ALL: [ImageKind; 3] = [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp];

    /// The media type the image is served with (and the stored form).
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
        }
    }

    /// From the stored media type.
    pub fn from_mime(s: &str) -> Option<ImageKind> {
        ImageKind::ALL.into_iter().find(|k| k.mime() == s)
    }
}

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageFacts {
    pub kind: ImageKind,
    pub width: u32,
    pub height: u32,
}

/// Why a file was refused. The field is `image`; the reason is for the person who chose the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageRefusal {
    Empty,
    TooLarge,
    /// Not JPEG, PNG or WebP, or a header that does not parse.
    NotAnImage,
    /// Wider or taller than `MAX_SIDE`, or zero.
    BadDimensions,
}

impl ImageRefusal {
    /// The refusal of the file sent as `field`, with the limits' own numbers.
    pub fn on(self, field: Field) -> ValidationError {
        let rule = match self {
            ImageRefusal::Empty => InputRule::NoFile,
            ImageRefusal::TooLarge => InputRule::FileTooLarge { megabytes: (MAX_BYTES / (1024 * 1024)) as u32 },
            ImageRefusal::NotAnImage => InputRule::NotAnImage,
            ImageRefusal::BadDimensions => InputRule::ImageTooBig { pixels: MAX_SIDE },
        };
        ValidationError::new(field, rule)
    }
}

impl From<ImageRefusal> for ValidationError {
    /// The refusal of a proposal's `image` (other forms name their file with [`ImageRefusal::on`]).
    fn from(r: ImageRefusal) -> Self {
        r.on(Field::Image)
    }
}

/// An uploaded file that passed `inspect`: what the rest of the platform accepts as an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedImage {
    bytes: Vec<u8>,
    facts: ImageFacts,
}

impl CheckedImage {
    /// Checks the file and strips its metadata (`image_meta`): what is stored and served is the
    /// picture alone.
    pub fn parse(bytes: Vec<u8>) -> Result<Self, ImageRefusal> {
        let facts = inspect(&bytes)?;
        let bytes = super::image_meta::strip(facts.kind, &bytes).ok_or(ImageRefusal::NotAnImage)?;
        Ok(CheckedImage { bytes, facts })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn facts(&self) -> ImageFacts {
        self.facts
    }
}

/// Decides what `bytes` are, from their content alone.
pub fn inspect(bytes: &[u8]) -> Result<ImageFacts, ImageRefusal> {
    if bytes.is_empty() {
        return Err(ImageRefusal::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(ImageRefusal::TooLarge);
    }
    let (kind, size) = if bytes.starts_with(PNG_SIGNATURE) {
        (ImageKind::Png, png_size(bytes))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        (ImageKind::Jpeg, jpeg_size(bytes))
    } else if bytes.get(0..4) == Some(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        (ImageKind::Webp, webp_size(bytes))
    } else {
        (ImageKind::Png, None)
    };
    let (width, height) = size.ok_or(ImageRefusal::NotAnImage)?;
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageRefusal::BadDimensions);
    }
    Ok(ImageFacts { kind, width, height })
}

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, *b.get(at + 3)?]))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, 0]))
}

/// The first chunk of a PNG must be IHDR: width and height, 4 bytes each, big-endian.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    (b.get(12..16)? == b"IHDR").then_some(())?;
    Some((be32(b, 16)?, be32(b, 20)?))
}

/// Walks the JPEG's marker segments up to the first start-of-frame, which holds the size.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        // markers may be padded with extra 0xFF bytes
        while *b.get(at)? == 0xFF && *b.get(at + 1)? == 0xFF {
            at += 1;
        }
        (*b.get(at)? == 0xFF).then_some(())?;
        let marker = *b.get(at + 1)?;
        match marker {
            // start of frame (baseline, progressive, lossless…), not DHT (C4), JPG (C8), DAC (CC)
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                return Some((be16(b, at + 7)?, be16(b, at + 5)?));
            }
            // markers without a length
            0xD0..=0xD7 | 0x01 => at += 2,
            // end of image or start of scan before any frame: not a well-formed JPEG
            0xD9 | 0xDA => return None,
            _ => {
                let len = usize::try_from(be16(b, at + 2)?).ok()?;
                (len >= 2).then_some(())?;
                at += 2 + len;
            }
        }
    }
}

/// WebP: the first chunk is `VP8 ` (lossy), `VP8L` (lossless) or `VP8X` (extended).
fn webp_size(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => {
            // frame tag (3 bytes) then the start code 9D 01 2A, then 14-bit width and height
            (b.get(23..26)? == [0x9D, 0x01, 0x2A]).then_some(())?;
            Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF))
        }
        b"VP8L" => {
            (*b.get(20)? == 0x2F).then_some(())?;
            let bits = u32::from_le_bytes([*b.get(21)?, *b.get(22)?, *b.get(23)?, *b.get(24)?]);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

/// The description of an image for people who cannot see it (optional; up to 200 characters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageAlt(String);

impl ImageAlt {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        if s.trim().is_empty() {
            return Ok(ImageAlt::default());
        }
        Ok(ImageAlt(bounded(Field::Alt, s, 0, Self::MAX_CHARS, false)?))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Test images, built byte by byte (shared with the integration tests).
pub mod samples {
    /// A PNG header of `w` × `h` (signature and IHDR; enough for `inspect`).
    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = super::PNG_SIGNATURE.to_vec();
        b.extend_from_slice(&13u32.to_be_bytes());
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 2, 0, 0, 0]);
        b.extend_from_slice(&[0, 0, 0, 0]); // CRC (not checked)
        b
    }

    /// A JPEG with an APP0 segment and a baseline frame of `w` × `h`.
    pub fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10]);
        b.extend_from_slice(b"JFIF\0");
        b.extend_from_slice(&[1, 1, 0, 0, 1, 0, 1, 0, 0]);
        b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 8]);
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b.extend_from_slice(&[0xFF, 0xD9]);
        b
    }

    /// A lossless WebP header of `w` × `h`.
    pub fn webp(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"RIFF".to_vec();
        b.extend_from_slice(&30u32.to_le_bytes());
        b.extend_from_slice(b"WEBPVP8L");
        b.extend_from_slice(&10u32.to_le_bytes());
        b.push(0x2F);
        let bits = (w - 1) | ((h - 1) << 14);
        b.extend_from_slice(&bits.to_le_bytes());
        b.extend_from_slice(&[0; 5]);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_formats_are_recognised_with_their_size() {
        assert_eq!(inspect(&samples::png(640, 480)), Ok(ImageFacts { kind: ImageKind::Png, width: 640, height: 480 }));
        assert_eq!(
            inspect(&samples::jpeg(1024, 768)),
            Ok(ImageFacts { kind: ImageKind::Jpeg, width: 1024, height: 768 })
        );
        assert_eq!(
            inspect(&samples::webp(300, 200)),
            Ok(ImageFacts { kind: ImageKind::Webp, width: 300, height: 200 })
        );
    }

    #[test]
    fn lossy_and_extended_webp_headers_parse() {
        let mut lossy = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0".to_vec();
        lossy.extend_from_slice(&[0, 0, 0, 0x9D, 0x01, 0x2A]);
        lossy.extend_from_slice(&800u16.to_le_bytes());
        lossy.extend_from_slice(&600u16.to_le_bytes());
        assert_eq!(inspect(&lossy).map(|f| (f.width, f.height)), Ok((800, 600)));
        let mut ext = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
        ext.extend_from_slice(&[0x1F, 0x03, 0x00, 0x57, 0x02, 0x00]); // 800 × 600
        assert_eq!(inspect(&ext).map(|f| (f.width, f.height)), Ok((800, 600)));
    }

    #[test]
    fn jpeg_segments_before_the_frame_are_skipped() {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 0xAA, 0xBB];
        b.extend_from_slice(&samples::jpeg(10, 20)[2..]);
        assert_eq!(inspect(&b).map(|f| (f.width, f.height)), Ok((10, 20)));
        // a huffman table (C4) is not a frame
        let mut dht = vec![0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00];
        dht.extend_from_slice(&samples::jpeg(7, 9)[2..]);
        assert_eq!(inspect(&dht).map(|f| (f.width, f.height)), Ok((7, 9)));
    }

    #[test]
    fn documents_and_other_formats_are_refused() {
        for bad in [
            &b"<html><script>alert(1)</script></html>"[..],
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
            b"GIF89a\x01\x00\x01\x00",
            b"%PDF-1.7",
            b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
            b"\xFF\xD8\xFF",
            b"\xFF\xD8\xFF\xD9",
            b"RIFF\0\0\0\0WEBPXXXX",
        ] {
            assert_eq!(inspect(bad), Err(ImageRefusal::NotAnImage), "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(inspect(b""), Err(ImageRefusal::Empty));
    }

    #[test]
    fn size_and_dimension_limits_have_exact_edges() {
        let mut at_limit = samples::png(10, 10);
        at_limit.resize(MAX_BYTES, 0);
        assert!(inspect(&at_limit).is_ok());
        at_limit.push(0);
        assert_eq!(inspect(&at_limit), Err(ImageRefusal::TooLarge));
        assert!(inspect(&samples::png(MAX_SIDE, MAX_SIDE)).is_ok());
        assert_eq!(inspect(&samples::png(MAX_SIDE + 1, 10)), Err(ImageRefusal::BadDimensions));
        assert_eq!(inspect(&samples::png(0, 10)), Err(ImageRefusal::BadDimensions));
    }

    #[test]
    fn refusals_round_trip_their_codes_and_name_the_field() {
        // the refusal travels as its rule (in a redirect's query, in a server function's answer)
        for r in [ImageRefusal::Empty, ImageRefusal::TooLarge, ImageRefusal::NotAnImage, ImageRefusal::BadDimensions] {
            let e = ValidationError::from(r);
            assert_eq!(e.field.name(), "image");
            let back: ValidationError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
            assert_eq!(back, e);
        }
        // with the limits' own numbers
        assert_eq!(ImageRefusal::TooLarge.on(Field::Photo).rule, InputRule::FileTooLarge { megabytes: 5 });
        assert_eq!(ImageRefusal::BadDimensions.on(Field::Photo).rule, InputRule::ImageTooBig { pixels: MAX_SIDE });
    }

    #[test]
    fn a_checked_image_keeps_its_bytes_and_facts() {
        let png = samples::png(3, 4);
        let checked = CheckedImage::parse(png.clone()).unwrap();
        assert_eq!((checked.bytes(), checked.facts().width, checked.facts().height), (&png[..], 3, 4));
        assert_eq!(CheckedImage::parse(b"<p>".to_vec()), Err(ImageRefusal::NotAnImage));
    }

    #[test]
    fn kinds_round_trip_their_stored_form() {
        for k in ImageKind::ALL {
            assert_eq!(ImageKind::from_mime(k.mime()), Some(k));
        }
        assert_eq!(ImageKind::from_mime("image/svg+xml"), None);
        assert_eq!(ImageKind::from_mime("text/html"), None);
    }

    #[test]
    fn descriptions_are_optional_and_bounded() {
        assert_eq!(ImageAlt::parse("  ").map(|a| a.into_inner()), Ok(String::new()));
        assert_eq!(ImageAlt::parse(" 놀이터 사진 ").map(|a| a.into_inner()), Ok("놀이터 사진".into()));
        assert!(ImageAlt::parse(&"가".repeat(201)).is_err());
    }
}
