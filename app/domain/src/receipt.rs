//! Receipts and other evidence for the fund's books: a photo (JPEG, PNG or WebP, checked like a
//! proposal image) or a PDF. The type is decided from the bytes, never from the name or the
//! browser's word; receipts are served as downloads to the few who may see them.

use super::image::{self, ImageRefusal};
use super::{Field, InputRule, ValidationError};

/// At most this many bytes (the same limit as images).
pub const MAX_BYTES: usize = image::MAX_BYTES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    Image(image::ImageKind),
    Pdf,
}

impl ReceiptKind {
    pub fn mime(self) -> &'static str {
        match self {
            ReceiptKind::Image(k) => k.mime(),
            ReceiptKind::Pdf => "application/pdf",
        }
    }

    pub fn from_mime(s: &str) -> Option<ReceiptKind> {
        if s == "application/pdf" {
            Some(ReceiptKind::Pdf)
        } else {
            image::ImageKind::from_mime(s).map(ReceiptKind::Image)
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ReceiptKind::Image(k) => k.extension(),
            ReceiptKind::Pdf => "pdf",
        }
    }
}

/// A file that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    bytes: Vec<u8>,
    kind: ReceiptKind,
}

impl Receipt {
    pub fn parse(bytes: Vec<u8>) -> Result<Receipt, ValidationError> {
        let refuse = |rule: InputRule| Err(ValidationError::new(Field::ReceiptFile, rule));
        if bytes.is_empty() {
            return refuse(InputRule::NoFile);
        }
        if bytes.len() > MAX_BYTES {
            return refuse(InputRule::FileTooLarge { megabytes: (MAX_BYTES / (1024 * 1024)) as u32 });
        }
        if bytes.starts_with(b"%PDF-") {
            // a whole PDF ends with its end-of-file marker (allowing trailing whitespace)
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            if !tail.windows(5).any(|w| w == b"%%EOF") {
                return refuse(InputRule::NotAPhotoOrPdf);
            }
            return Ok(Receipt { bytes, kind: ReceiptKind::Pdf });
        }
        match image::inspect(&bytes) {
            // a photographed receipt loses its metadata like any uploaded image (a PDF keeps
            // its own: it is shown only to the few who check the books)
            Ok(facts) => match super::image_meta::strip(facts.kind, &bytes) {
                Some(bytes) => Ok(Receipt { kind: ReceiptKind::Image(facts.kind), bytes }),
                None => refuse(InputRule::NotAPhotoOrPdf),
            },
            Err(ImageRefusal::BadDimensions) => refuse(InputRule::ImageTooBig { pixels: image::MAX_SIDE }),
            Err(_) => refuse(InputRule::NotAPhotoOrPdf),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn kind(&self) -> ReceiptKind {
        self.kind
    }
}

/// The name a file was uploaded under, kept for staff (never used as a path).
pub fn file_name(name: &str) -> String {
    let cleaned: String =
        name.chars().filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"')).take(120).collect();
    if cleaned.trim().is_empty() { "receipt".to_owned() } else { cleaned.trim().to_owned() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_photographed_receipt_loses_its_metadata_and_a_pdf_is_kept_as_is() {
        use crate::image_meta::samples::{GPS_MARK, jpeg_with_gps};
        let r = Receipt::parse(jpeg_with_gps(100, 100)).unwrap();
        assert!(!r.bytes().windows(GPS_MARK.len()).any(|w| w == GPS_MARK));
        let pdf = b"%PDF-1.4\n1 0 obj\n%%EOF\n".to_vec();
        assert_eq!(Receipt::parse(pdf.clone()).unwrap().bytes(), pdf.as_slice());
    }

    use super::*;

    #[test]
    fn photos_and_pdfs_are_receipts() {
        let png = Receipt::parse(image::samples::png(40, 30)).map(|r| r.kind());
        assert_eq!(png, Ok(ReceiptKind::Image(image::ImageKind::Png)));
        let pdf = Receipt::parse(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec()).map(|r| r.kind());
        assert_eq!(pdf, Ok(ReceiptKind::Pdf));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            Vec::new(),
            b"<html><script>alert(1)</script></html>".to_vec(),
            b"%PDF-1.4 cut off in the middle".to_vec(),
            b"<svg onload=alert(1)>".to_vec(),
            vec![0u8; MAX_BYTES + 1],
        ] {
            assert_eq!(Receipt::parse(bad).err().map(|e| e.field.name()), Some("receipt"));
        }
    }

    #[test]
    fn names_are_kept_harmless() {
        assert_eq!(file_name("../../etc/passwd"), "....etcpasswd");
        assert_eq!(file_name("영수증 \"1\".pdf"), "영수증 1.pdf");
        assert_eq!(file_name("\u{0}\n"), "receipt");
    }
}
