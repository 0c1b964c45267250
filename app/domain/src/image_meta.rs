//! What an uploaded photo says besides its picture: EXIF (camera, time, and GPS — where a
//! resident stood, often their home), XMP, IPTC, comments and text chunks. Every accepted image
//! loses all of it before it is stored; only the orientation survives (re-written as the only
//! EXIF field), so a phone's portrait photo is not shown sideways. The picture's own data
//! (frames, scans, colour profile) is copied byte for byte: nothing is re-encoded.

use super::image::ImageKind;

/// The image without its metadata, or `None` when its structure does not hold together (a
/// segment or chunk running past the end): such a file is refused rather than stored as sent.
pub fn strip(kind: ImageKind, bytes: &[u8]) -> Option<Vec<u8>> {
    match kind {
        ImageKind::Jpeg => strip_jpeg(bytes),
        ImageKind::Png => strip_png(bytes),
        ImageKind::Webp => strip_webp(bytes),
    }
}

/// An EXIF orientation (1–8) read from a TIFF structure (the body of a JPEG's `Exif\0\0`
/// segment or of a WebP `EXIF` chunk), if it has one.
fn orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(0..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = [*tiff.get(at)?, *tiff.get(at + 1)?];
        Some(if big { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = [*tiff.get(at)?, *tiff.get(at + 1)?, *tiff.get(at + 2)?, *tiff.get(at + 3)?];
        Some(if big { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
    };
    (u16_at(2)? == 42).then_some(())?;
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?);
    (0..entries.min(512))
        .find_map(|i| {
            let at = ifd + 2 + i * 12;
            // tag 0x0112, type SHORT, one value
            (u16_at(at)? == 0x0112 && u16_at(at + 2)? == 3).then(|| u16_at(at + 8)).flatten()
        })
        .filter(|o| (1..=8).contains(o))
}

/// A TIFF structure holding only an orientation.
fn orientation_tiff(o: u16) -> Vec<u8> {
    let mut t = b"MM\0\x2A\0\0\0\x08".to_vec();
    t.extend_from_slice(&1u16.to_be_bytes()); // one entry
    t.extend_from_slice(&0x0112u16.to_be_bytes());
    t.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&o.to_be_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    t
}

fn be16(b: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

/// JPEG: segment by segment up to the end-of-image marker; a scan is kept with its
/// entropy-coded data. Whatever follows the end (a camera's trailer, a second image with its
/// own EXIF) goes too.
fn strip_jpeg(b: &[u8]) -> Option<Vec<u8>> {
    (b.get(0..2)? == [0xFF, 0xD8]).then_some(())?;
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut turn = None;
    let mut at = 2;
    loop {
        while *b.get(at)? == 0xFF && *b.get(at + 1)? == 0xFF {
            at += 1;
        }
        (*b.get(at)? == 0xFF).then_some(())?;
        let marker = *b.get(at + 1)?;
        match marker {
            0xD9 => {
                kept.push(b.get(at..at + 2)?);
                break;
            }
            0xD0..=0xD7 | 0x01 => {
                kept.push(b.get(at..at + 2)?);
                at += 2;
            }
            0xDA => {
                // the scan's header, then its data up to the next marker (0xFF 0x00 is a
                // stuffed byte, 0xFF 0xD0–D7 a restart inside the data)
                let mut end = at.checked_add(2 + be16(b, at + 2)?)?;
                loop {
                    let ff = end + b.get(end..)?.iter().position(|&x| x == 0xFF)?;
                    match *b.get(ff + 1)? {
                        0x00 | 0xD0..=0xD7 => end = ff + 2,
                        _ => {
                            end = ff;
                            break;
                        }
                    }
                }
                kept.push(b.get(at..end)?);
                at = end;
            }
            _ => {
                let len = be16(b, at + 2)?;
                (len >= 2).then_some(())?;
                let segment = b.get(at..at + 2 + len)?;
                let body = &segment[4..];
                let keep = match marker {
                    // EXIF or XMP: only the orientation is read from EXIF
                    0xE1 => {
                        if let Some(tiff) = body.strip_prefix(b"Exif\0\0") {
                            turn = turn.or_else(|| orientation(tiff));
                        }
                        false
                    }
                    // the colour profile is part of the picture
                    0xE2 => body.starts_with(b"ICC_PROFILE\0"),
                    // JFIF (APP0) and Adobe's colour transform (APP14) too; every other
                    // application segment (IPTC in APP13, vendors' maker notes) and comments go
                    0xE0 | 0xEE => true,
                    0xE3..=0xEF | 0xFE => false,
                    // tables, frames, restart intervals
                    _ => true,
                };
                if keep {
                    kept.push(segment);
                }
                at += 2 + len;
            }
        }
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    // JFIF's APP0 must come first; the orientation goes right after it
    let jfif_first = kept.first().is_some_and(|s| s.get(1) == Some(&0xE0));
    let mut segments = kept.into_iter();
    if jfif_first && let Some(app0) = segments.next() {
        out.extend_from_slice(app0);
    }
    if let Some(o) = turn.filter(|o| *o != 1) {
        let mut body = b"Exif\0\0".to_vec();
        body.extend_from_slice(&orientation_tiff(o));
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&u16::try_from(body.len() + 2).ok()?.to_be_bytes());
        out.extend_from_slice(&body);
    }
    for s in segments {
        out.extend_from_slice(s);
    }
    Some(out)
}

/// PNG: text chunks (`tEXt`, `zTXt`, `iTXt`), `eXIf` and `tIME` are dropped; every other chunk is
/// copied with its checksum.
fn strip_png(b: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: usize = 8;
    let mut out = b.get(..SIGNATURE)?.to_vec();
    let mut at = SIGNATURE;
    while at < b.len() {
        let len = usize::try_from(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?)).ok()?;
        let kind = b.get(at + 4..at + 8)?;
        let chunk = b.get(at..at.checked_add(12 + len)?)?;
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        at += 12 + len;
        if kind == b"IEND" {
            break;
        }
    }
    Some(out)
}

/// WebP: the `EXIF` and `XMP ` chunks are dropped (an orientation comes back as the only EXIF
/// field) and the extended header's flags and the RIFF size are set to match.
fn strip_webp(b: &[u8]) -> Option<Vec<u8>> {
    (b.get(0..4)? == b"RIFF" && b.get(8..12)? == b"WEBP").then_some(())?;
    let riff_end = 8usize.checked_add(usize::try_from(u32::from_le_bytes(b.get(4..8)?.try_into().ok()?)).ok()?)?;
    let end = riff_end.min(b.len());
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let mut turn = None;
    let mut at = 12;
    while at + 8 <= end {
        let fourcc = b.get(at..at + 4)?;
        let len = usize::try_from(u32::from_le_bytes(b.get(at + 4..at + 8)?.try_into().ok()?)).ok()?;
        let padded = len + (len & 1);
        let chunk = b.get(at..(at + 8 + padded).min(end))?;
        (chunk.len() >= 8 + len).then_some(())?;
        match fourcc {
            b"EXIF" => {
                let body = &chunk[8..8 + len];
                // some writers keep JPEG's prefix
                turn = turn.or_else(|| orientation(body.strip_prefix(b"Exif\0\0").unwrap_or(body)));
            }
            b"XMP " => {}
            _ => chunks.push(chunk.to_vec()),
        }
        at += 8 + padded;
    }
    // a partial chunk header at the end, or no chunk at all: not a whole file
    (at >= end && !chunks.is_empty()).then_some(())?;
    let turn = turn.filter(|o| *o != 1);
    // the extended header says which optional chunks follow
    let mut has_vp8x = false;
    if let Some(vp8x) = chunks.iter_mut().find(|c| c.starts_with(b"VP8X")) {
        has_vp8x = true;
        let flags = vp8x.get_mut(8)?;
        *flags &= !0x0C; // EXIF (0x08) and XMP (0x04)
        if turn.is_some() {
            *flags |= 0x08;
        }
    }
    if let Some(o) = turn
        && has_vp8x
    {
        // the EXIF chunk goes after the image data (and any animation/alpha chunks)
        let tiff = orientation_tiff(o);
        let mut chunk = b"EXIF".to_vec();
        chunk.extend_from_slice(&u32::try_from(tiff.len()).ok()?.to_le_bytes());
        chunk.extend_from_slice(&tiff);
        chunks.push(chunk);
    }
    let body: usize = chunks.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(12 + body);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&u32::try_from(4 + body).ok()?.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    for c in chunks {
        out.extend_from_slice(&c);
    }
    Some(out)
}

/// Test images that carry metadata (shared with the integration tests).
pub mod samples {
    /// Text every metadata block below contains, to look for after stripping.
    pub const GPS_MARK: &[u8] = b"GPSLatitude 37.5665 N";

    /// A TIFF structure with an orientation and a GPS IFD holding `GPS_MARK`.
    pub fn tiff_with_gps(orientation: u16) -> Vec<u8> {
        let mut t = b"II\x2A\0\x08\0\0\0".to_vec();
        t.extend_from_slice(&2u16.to_le_bytes());
        // orientation
        t.extend_from_slice(&0x0112u16.to_le_bytes());
        t.extend_from_slice(&3u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&orientation.to_le_bytes());
        t.extend_from_slice(&[0, 0]);
        // GPS IFD pointer (to the text below: enough for a test)
        t.extend_from_slice(&0x8825u16.to_le_bytes());
        t.extend_from_slice(&4u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&38u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        t.extend_from_slice(GPS_MARK);
        t
    }

    fn jpeg_segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&u16::try_from(body.len() + 2).unwrap_or(u16::MAX).to_be_bytes());
        s.extend_from_slice(body);
        s
    }

    /// A JPEG of `w` × `h` with JFIF, EXIF (orientation 6 and GPS), XMP, IPTC and a comment, then
    /// a frame and a scan.
    pub fn jpeg_with_gps(w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend(jpeg_segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend(tiff_with_gps(6));
        b.extend(jpeg_segment(0xE1, &exif));
        let mut xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>".to_vec();
        xmp.extend_from_slice(GPS_MARK);
        b.extend(jpeg_segment(0xE1, &xmp));
        let mut iptc = b"Photoshop 3.0\0".to_vec();
        iptc.extend_from_slice(GPS_MARK);
        b.extend(jpeg_segment(0xED, &iptc));
        b.extend(jpeg_segment(0xFE, GPS_MARK));
        b.extend(jpeg_segment(0xDB, &[0; 65])); // a quantisation table
        let mut sof = vec![8];
        sof.extend_from_slice(&h.to_be_bytes());
        sof.extend_from_slice(&w.to_be_bytes());
        sof.extend_from_slice(&[1, 1, 0x11, 0]);
        b.extend(jpeg_segment(0xC0, &sof));
        b.extend(jpeg_segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        b.extend_from_slice(&[0x12, 0x34, 0x56, 0xFF, 0x00, 0x78]); // scan data (0xFF stuffed)
        b.extend_from_slice(&[0xFF, 0xD9]);
        b
    }

    /// A PNG of `w` × `h` with `tEXt`, `iTXt` and `eXIf` chunks around its image data.
    pub fn png_with_gps(w: u32, h: u32) -> Vec<u8> {
        fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
            let mut c = u32::try_from(data.len()).unwrap_or(0).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(data);
            c.extend_from_slice(&[0, 0, 0, 0]); // CRC (not checked)
            c
        }
        let mut b = super::super::image::samples::png(w, h);
        b.extend(chunk(b"eXIf", &tiff_with_gps(1)));
        b.extend(chunk(b"tEXt", &[b"Comment\0".as_slice(), GPS_MARK].concat()));
        b.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x01]));
        b.extend(chunk(b"iTXt", &[b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), GPS_MARK].concat()));
        b.extend(chunk(b"IEND", &[]));
        b
    }

    /// An extended WebP of `w` × `h` whose header announces EXIF and XMP, with both chunks.
    pub fn webp_with_gps(w: u32, h: u32, orientation: u16) -> Vec<u8> {
        fn chunk(fourcc: &[u8], data: &[u8]) -> Vec<u8> {
            let mut c = fourcc.to_vec();
            c.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_le_bytes());
            c.extend_from_slice(data);
            if data.len() % 2 == 1 {
                c.push(0);
            }
            c
        }
        let mut vp8x = vec![0x0C, 0, 0, 0];
        vp8x.extend_from_slice(&(w - 1).to_le_bytes()[..3]);
        vp8x.extend_from_slice(&(h - 1).to_le_bytes()[..3]);
        let mut body = b"WEBP".to_vec();
        body.extend(chunk(b"VP8X", &vp8x));
        body.extend(chunk(b"VP8L", &[0x2F, 0, 0, 0, 0]));
        body.extend(chunk(b"EXIF", &tiff_with_gps(orientation)));
        body.extend(chunk(b"XMP ", GPS_MARK));
        let mut b = b"RIFF".to_vec();
        b.extend_from_slice(&u32::try_from(body.len()).unwrap_or(0).to_le_bytes());
        b.extend(body);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;
    use crate::image::inspect;

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_jpeg_loses_exif_xmp_iptc_and_comments_but_keeps_its_picture_and_orientation() {
        let before = jpeg_with_gps(640, 480);
        assert!(contains(&before, GPS_MARK));
        let after = strip(ImageKind::Jpeg, &before).unwrap();
        assert!(!contains(&after, GPS_MARK), "no GPS left");
        assert!(!contains(&after, b"xmpmeta") && !contains(&after, b"Photoshop"));
        let facts = inspect(&after).unwrap();
        assert_eq!((facts.kind, facts.width, facts.height), (ImageKind::Jpeg, 640, 480));
        // the frame, the scan and the end are byte for byte the same
        let scan = before.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        assert!(after.ends_with(&before[scan..]));
        // JFIF first, then the orientation (6: rotate 90°) as the only EXIF field
        assert_eq!(&after[2..4], &[0xFF, 0xE0]);
        let exif = after.windows(6).position(|w| w == b"Exif\0\0").unwrap();
        assert_eq!(orientation(&after[exif + 6..]), Some(6));
        // stripping twice changes nothing more
        assert_eq!(strip(ImageKind::Jpeg, &after).unwrap(), after);
    }

    #[test]
    fn metadata_between_scans_and_after_the_end_goes_too() {
        let mut b = jpeg_with_gps(8, 8);
        b.truncate(b.len() - 2); // before the end marker
        // a comment between two scans, a second scan, the end, then a trailer with EXIF
        b.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x17]);
        b.extend_from_slice(GPS_MARK);
        b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0x44, 0xFF, 0xD3, 0x55]);
        b.extend_from_slice(&[0xFF, 0xD9]);
        b.extend_from_slice(b"\xFF\xD8\xFF\xE1Exif\0\0");
        b.extend_from_slice(GPS_MARK);
        let after = strip(ImageKind::Jpeg, &b).unwrap();
        assert!(!contains(&after, GPS_MARK));
        assert!(after.ends_with(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0x44, 0xFF, 0xD3, 0x55, 0xFF, 0xD9]));
    }

    #[test]
    fn an_upright_jpeg_gets_no_exif_at_all() {
        let plain = crate::image::samples::jpeg(10, 10);
        let after = strip(ImageKind::Jpeg, &plain).unwrap();
        assert!(!contains(&after, b"Exif"));
        assert_eq!(inspect(&after).unwrap().width, 10);
    }

    #[test]
    fn a_png_loses_its_text_exif_and_time_chunks() {
        let before = png_with_gps(32, 16);
        let after = strip(ImageKind::Png, &before).unwrap();
        assert!(!contains(&after, GPS_MARK) && !contains(&after, b"eXIf") && !contains(&after, b"tEXt"));
        assert!(contains(&after, b"IDAT") && after.ends_with(b"IEND\0\0\0\0"));
        assert_eq!(inspect(&after).unwrap().height, 16);
    }

    #[test]
    fn a_webp_loses_exif_and_xmp_and_its_header_says_so() {
        let before = webp_with_gps(100, 50, 1);
        let after = strip(ImageKind::Webp, &before).unwrap();
        assert!(!contains(&after, GPS_MARK) && !contains(&after, b"EXIF") && !contains(&after, b"XMP "));
        assert_eq!(after[20] & 0x0C, 0, "the EXIF and XMP flags are cleared");
        let riff = u32::from_le_bytes(after[4..8].try_into().unwrap()) as usize;
        assert_eq!(riff + 8, after.len(), "the RIFF size matches");
        assert_eq!(inspect(&after).unwrap().width, 100);
        // a turned photo keeps its orientation, and only that
        let turned = strip(ImageKind::Webp, &webp_with_gps(100, 50, 8)).unwrap();
        assert!(!contains(&turned, GPS_MARK));
        assert_eq!(turned[20] & 0x08, 0x08);
        let at = turned.windows(4).position(|w| w == b"EXIF").unwrap();
        assert_eq!(orientation(&turned[at + 8..]), Some(8));
    }

    #[test]
    fn broken_structures_are_refused_not_passed_through() {
        let mut cut = jpeg_with_gps(10, 10);
        cut.truncate(40); // inside the EXIF segment
        assert_eq!(strip(ImageKind::Jpeg, &cut), None);
        let mut png = png_with_gps(4, 4);
        png.truncate(60);
        assert_eq!(strip(ImageKind::Png, &png), None);
        assert_eq!(strip(ImageKind::Webp, b"RIFF\xff\xff\xff\x7fWEBPVP8X\xff\xff"), None);
        for n in 0..64 {
            // no slice of a sample panics
            let j = jpeg_with_gps(8, 8);
            let _ = strip(ImageKind::Jpeg, &j[..n.min(j.len())]);
            let w = webp_with_gps(8, 8, 6);
            let _ = strip(ImageKind::Webp, &w[..n.min(w.len())]);
        }
    }
}
