//! Pictures for tests that upload them: a real PNG small enough to write inline, and files
//! that only pretend to be pictures.

/// A real 4 by 3 pixel PNG (blue), built by hand: signature, header, one compressed data
/// chunk and the end chunk, each with its checksum.
pub const TINY_PNG: [u8; 73] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 3, 8, 2, 0,
    0, 0, 59, 150, 57, 145, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 144, 171, 56, 1, 71, 12, 56,
    57, 0, 56, 42, 16, 105, 82, 198, 38, 110, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// A script dressed as a picture: what a file named `photo.png` may really hold.
pub const SCRIPT_AS_PNG: &[u8] = b"<script>alert('not a picture')</script>";

/// An SVG, refused because it can carry script.
pub const SVG: &[u8] =
    b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"><script>alert(1)</script></svg>";

/// Writes [`TINY_PNG`] to a file in `folder` and returns its path, for a browser's file
/// chooser.
pub fn tiny_png_file(folder: &std::path::Path) -> std::path::PathBuf {
    let path = folder.join("partnership-photo.png");
    std::fs::write(&path, TINY_PNG).expect("write the test picture");
    path
}
