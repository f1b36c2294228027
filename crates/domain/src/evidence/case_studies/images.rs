//! Which uploads a case study accepts as pictures. The type is read from the file's own
//! bytes (by the `imagesize` crate), never from its name or the type the browser claims,
//! so a script renamed `photo.png` is refused; SVG is refused outright, since it can carry
//! script. The size and the picture's dimensions are bounded, and every picture needs a
//! description for people who cannot see it.

use crate::placements::fields::line;
use crate::placements::FieldProblems;
use serde::Serialize;

/// Largest picture accepted, in bytes (5 MiB): enough for a good photograph.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Most pictures one case study carries.
pub const MAX_IMAGES: usize = 8;
/// Widest or tallest picture accepted, in pixels.
pub const MAX_DIMENSION: usize = 10_000;
/// Longest description.
pub const MAX_ALT: usize = 300;

/// The kinds of picture accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ImageKind {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF.
    Gif,
    /// WebP.
    Webp,
}

impl ImageKind {
    /// The media type it is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Gif => "image/gif",
            ImageKind::Webp => "image/webp",
        }
    }

    /// Reads a media type back (as stored).
    pub fn from_content_type(text: &str) -> Option<ImageKind> {
        [
            ImageKind::Png,
            ImageKind::Jpeg,
            ImageKind::Gif,
            ImageKind::Webp,
        ]
        .into_iter()
        .find(|k| k.content_type() == text.trim())
    }
}

/// A stored picture's details, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseStudyImage {
    /// Number.
    pub id: i64,
    /// What it is.
    pub kind: ImageKind,
    /// Width in pixels.
    pub width: i64,
    /// Height in pixels.
    pub height: i64,
    /// Size in bytes.
    pub bytes: i64,
    /// The description for people who cannot see it.
    pub alt: String,
}

/// A picture that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedImage {
    /// What it is, from its bytes.
    pub kind: ImageKind,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// The description for people who cannot see it.
    pub alt: String,
}

/// Checks an upload and its description, returning every problem at once under the
/// fields `image` and `alt`.
pub fn check_image(bytes: &[u8], alt: &str) -> Result<CheckedImage, FieldProblems> {
    let mut problems = FieldProblems::new();
    let alt = line(
        &mut problems,
        "alt",
        alt,
        "Describe the picture for people who cannot see it",
        "The description",
        MAX_ALT,
    );
    let found = if bytes.is_empty() {
        problems.push(("image", "Choose a picture to upload".into()));
        None
    } else if bytes.len() > MAX_IMAGE_BYTES {
        problems.push((
            "image",
            format!(
                "The picture must be {} MB or smaller",
                MAX_IMAGE_BYTES / 1024 / 1024
            ),
        ));
        None
    } else {
        read_kind_and_size(bytes, &mut problems)
    };
    match found {
        Some((kind, width, height)) if problems.is_empty() => Ok(CheckedImage {
            kind,
            width,
            height,
            alt,
        }),
        _ => Err(problems),
    }
}

fn read_kind_and_size(
    bytes: &[u8],
    problems: &mut FieldProblems,
) -> Option<(ImageKind, usize, usize)> {
    let kind = match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Png) => ImageKind::Png,
        Ok(imagesize::ImageType::Jpeg) => ImageKind::Jpeg,
        Ok(imagesize::ImageType::Gif) => ImageKind::Gif,
        Ok(imagesize::ImageType::Webp) => ImageKind::Webp,
        _ => {
            problems.push((
                "image",
                "The picture must be a PNG, JPEG, GIF or WebP file".into(),
            ));
            return None;
        }
    };
    match imagesize::blob_size(bytes) {
        Ok(size) if size.width == 0 || size.height == 0 => {
            problems.push(("image", "The picture has no pixels".into()));
            None
        }
        Ok(size) if size.width > MAX_DIMENSION || size.height > MAX_DIMENSION => {
            problems.push((
                "image",
                format!("The picture must be at most {MAX_DIMENSION} pixels wide and high"),
            ));
            None
        }
        Ok(size) => Some((kind, size.width, size.height)),
        Err(_) => {
            problems.push((
                "image",
                "The picture is damaged or incomplete: it could not be read".into(),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real 1 by 1 PNG.
    pub(crate) const PIXEL_PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
        0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn a_real_png_is_accepted_with_its_size() {
        let image = check_image(PIXEL_PNG, " A  pixel ").unwrap();
        assert_eq!(image.kind, ImageKind::Png);
        assert_eq!((image.width, image.height), (1, 1));
        assert_eq!(image.alt, "A pixel");
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        let fields = |bytes: &[u8], alt: &str| -> Vec<(&'static str, String)> {
            check_image(bytes, alt).unwrap_err()
        };
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
        assert!(fields(svg, "x")[0].1.contains("PNG, JPEG, GIF or WebP"));
        assert!(fields(b"", "x")[0].1.contains("Choose a picture"));
        assert!(fields(PIXEL_PNG, "")[0].0 == "alt");
        let huge = vec![0u8; MAX_IMAGE_BYTES + 1];
        assert!(fields(&huge, "x")[0].1.contains("5 MB"));
        let cut = PIXEL_PNG.get(..12).unwrap();
        assert_eq!(fields(cut, "x")[0].0, "image");
    }
}
