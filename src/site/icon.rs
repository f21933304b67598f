//! The app icons of the web app manifest, drawn at build time: the first letter or
//! digit of the site's title in a stroke font, on the accent colour, in whichever of
//! white or near-black reads better on it; a title starting with anything else gets a
//! road of three milestones. Full-bleed squares with the mark inside the middle 60%,
//! so that one image serves as a plain and as a maskable icon. PNG, written here.

mod glyphs;

use std::path::Path;

use crate::digest::Digester;

/// A colour, `[r, g, b]`.
pub type Rgb = [u8; 3];

pub use crate::config::parse_hex_colour as parse_hex;

/// `#rrggbb`.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// WCAG relative luminance.
fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// White or near-black, whichever contrasts more with `background`.
pub fn ink_on(background: Rgb) -> Rgb {
    const WHITE: Rgb = [255, 255, 255];
    const DARK: Rgb = [17, 24, 20];
    if contrast(WHITE, background) >= contrast(DARK, background) {
        WHITE
    } else {
        DARK
    }
}

type Stroke = &'static [(f32, f32)];

/// A letter's or digit's strokes ([`glyphs`]).
fn glyph(c: char) -> Option<&'static [Stroke]> {
    let c = c.to_ascii_uppercase();
    glyphs::GLYPHS
        .iter()
        .find(|(g, _)| *g == c)
        .map(|(_, strokes)| *strokes)
}

/// The road of three milestones, in the same box: for titles without a first letter
/// the stroke font has.
const ROAD: &[Stroke] = &[&[(0.0, 6.0), (1.2, 3.4), (2.8, 2.6), (4.0, 0.0)]];
const MILESTONES: [(f32, f32); 3] = [(0.0, 6.0), (2.0, 3.0), (4.0, 0.0)];

/// The mark an icon shows for `title`: the strokes of its first letter or digit, or
/// the road.
fn mark(title: &str) -> (&'static [Stroke], bool) {
    match title.trim().chars().next().and_then(glyph) {
        Some(strokes) => (strokes, false),
        None => (ROAD, true),
    }
}

/// A square image, `size` pixels a side: how much of each pixel the mark covers, in
/// 255ths (a byte a pixel: a build draws the icons in a fresh process, where every
/// page of memory first touched costs).
struct Canvas {
    size: usize,
    cover: Vec<u8>,
}

impl Canvas {
    fn new(size: usize) -> Canvas {
        Canvas {
            size,
            cover: vec![0; size * size],
        }
    }

    /// Coverage of a round-capped line (or a dot, from == to) `width` pixels wide, as
    /// 0..1 per pixel, the most any shape gave each pixel kept.
    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        let half = width / 2.0;
        let (x0, x1) = (from.0.min(to.0) - half - 1.0, from.0.max(to.0) + half + 1.0);
        let (y0, y1) = (from.1.min(to.1) - half - 1.0, from.1.max(to.1) + half + 1.0);
        let clamp = |v: f32| (v.max(0.0) as usize).min(self.size);
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let len2 = dx * dx + dy * dy;
        for y in clamp(y0)..clamp(y1 + 1.0) {
            let Some((left, right)) = row_reach(from, to, half, y as f32 + 0.5) else {
                continue;
            };
            for x in clamp(x0.max(left))..clamp((x1 + 1.0).min(right)) {
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let t = if len2 > 0.0 {
                    (((px - from.0) * dx + (py - from.1) * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (cx, cy) = (from.0 + t * dx - px, from.1 + t * dy - py);
                let d = (cx * cx + cy * cy).sqrt();
                // Rounded (coverage is not negative) without a call to `round`.
                let c = ((half + 0.5 - d).clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
                let cell = &mut self.cover[y * self.size + x];
                *cell = (*cell).max(c);
            }
        }
    }

    /// The image, `ink` over `background` as much as each pixel is covered, as a PNG
    /// file: 8-bit indexed colour, pixel `c` being palette entry `c`, the blend of
    /// background and ink for coverage `c`, so the coverage is the image data as it
    /// is (a third of the bytes of RGB to filter and compress); zlib-compressed, each
    /// row but the first filtered as its difference from the row above ("Up"), so
    /// that the rows of flat background are zeros, which cost next to nothing to write
    /// and compress.
    fn png(&self, background: Rgb, ink: Rgb, key: &str) -> Vec<u8> {
        let mut palette = Vec::with_capacity(256 * 3);
        for c in 0..=255u8 {
            for (&from, &to) in background.iter().zip(&ink) {
                let (from, c) = (f32::from(from), f32::from(c) / 255.0);
                palette.push((from + (f32::from(to) - from) * c).round() as u8);
            }
        }
        // The filtered rows, given to the encoder at once: flate2 zero-fills its 32 KB
        // output buffer on every write, which for a write per row cost more than the
        // compression (callgrind, 2026-12-02).
        let mut filtered = Vec::with_capacity(self.size * (self.size + 1));
        let mut above: &[u8] = &[];
        for (y, row) in self.cover.chunks(self.size).enumerate() {
            if y == 0 {
                filtered.push(0);
                filtered.extend_from_slice(row);
            } else {
                filtered.push(2);
                filtered.extend(row.iter().zip(above).map(|(a, b)| a.wrapping_sub(*b)));
            }
            above = row;
        }
        let idat = zlib(&filtered);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let side = (self.size as u32).to_be_bytes();
        let mut ihdr = Vec::with_capacity(13);
        ihdr.extend_from_slice(&side);
        ihdr.extend_from_slice(&side);
        ihdr.extend_from_slice(&[8, 3, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"PLTE", &palette);
        chunk(&mut out, b"tEXt", &key_text(key));
        chunk(&mut out, b"IDAT", &idat);
        chunk(&mut out, b"IEND", &[]);
        out
    }
}

/// Where on the row of pixel centres at height `py` the line `from`-`to` of half width
/// `half` may cover a pixel: x from `.0` to before `.1`, or `None` for nowhere. With a
/// margin of a pixel: outside it the coverage [`Canvas::line`] works out is 0, which
/// changes no pixel, so the image is the same as when every pixel of the box around
/// the line is worked out (a slanted stroke's box is mostly empty).
fn row_reach(from: (f32, f32), to: (f32, f32), half: f32, py: f32) -> Option<(f32, f32)> {
    let reach = half + 1.5;
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    // The part of the line within `reach` of the row, as a range of t (0 at `from`).
    let (t0, t1) = if dy == 0.0 {
        if (from.1 - py).abs() >= reach {
            return None;
        }
        (0.0, 1.0)
    } else {
        let (a, b) = ((py - reach - from.1) / dy, (py + reach - from.1) / dy);
        (a.min(b).max(0.0), a.max(b).min(1.0))
    };
    if t0 > t1 {
        return None;
    }
    let (xa, xb) = (from.0 + t0 * dx, from.0 + t1 * dx);
    Some((xa.min(xb) - reach, xa.max(xb) + reach + 1.0))
}

/// `data` zlib-compressed (fast), in one call to the compressor into a buffer of
/// room enough rather than through flate2's writer, whose output buffer and copies
/// cost a third of the compression (callgrind); the same bytes.
fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::Compress::new(flate2::Compression::fast(), true);
    let mut out = Vec::with_capacity(data.len() / 8 + 1024);
    loop {
        let done = usize::try_from(z.total_in()).unwrap_or(data.len());
        match z.compress_vec(&data[done..], &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) | Err(_) => return out,
            Ok(_) => out.reserve(out.capacity()),
        }
    }
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// The icon for `title` on `background`, `size` pixels a side, as a PNG file: the file
/// at `previous` (the one the last build wrote in its place) when it was drawn from the
/// same mark, colours and size by this very drawing code, which its [`key`] says;
/// drawn otherwise. Drawing the large icon was a tenth of a small site's build.
pub fn icon_png(title: &str, background: Rgb, size: usize, previous: &Path) -> Vec<u8> {
    let key = key(title, background, size);
    match read_small(previous) {
        Some(bytes) if drawn_with(&bytes, &key) => bytes,
        _ => draw(title, background, size, &key),
    }
}

/// The bytes of the file at `path`, unless it is past the size of any icon drawn here
/// (a file put there by hand, say).
fn read_small(path: &Path) -> Option<Vec<u8>> {
    const MOST: u64 = 1 << 20;
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).ok()?;
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MOST + 1), &mut bytes).ok()?;
    (bytes.len() as u64 <= MOST).then_some(bytes)
}

/// What an icon is drawn from, as the hex digits its file carries: the mark, the
/// colours, the size, and the text of the code that draws it (this file and the glyphs).
fn key(title: &str, background: Rgb, size: usize) -> String {
    const CODE: [&str; 2] = [include_str!("icon.rs"), include_str!("icon/glyphs.rs")];
    let mark = title.trim().chars().next().filter(|&c| glyph(c).is_some());
    let mut d = Digester::new();
    CODE.iter().for_each(|code| _ = d.add_str(code));
    d.add_hash(&mark.map(|c| c.to_ascii_uppercase()))
        .add(&background)
        .add_u64(size as u64);
    format!("{:016x}", d.finish())
}

/// The data of the `tEXt` chunk that holds an icon's [`key`]: a keyword, a zero, the key.
fn key_text(key: &str) -> Vec<u8> {
    [b"roadsmith-icon".as_slice(), &[0], key.as_bytes()].concat()
}

/// Whether `png` is a whole PNG file (every chunk's CRC right, up to `IEND`) whose
/// `tEXt` chunk holds `key`.
fn drawn_with(png: &[u8], key: &str) -> bool {
    let Some(mut rest) = png.strip_prefix(b"\x89PNG\r\n\x1a\n".as_slice()) else {
        return false;
    };
    let (text, mut keyed) = (key_text(key), false);
    while let Some((body, crc, after)) = next_chunk(rest) {
        let mut sum = flate2::Crc::new();
        sum.update(body);
        if sum.sum().to_be_bytes() != crc {
            return false;
        }
        match body.split_at(4) {
            (b"IEND", _) => return keyed && after.is_empty(),
            (b"tEXt", data) => keyed |= data == text,
            _ => {}
        }
        rest = after;
    }
    false
}

/// The chunk `png` starts with: its type and data, its CRC, and what follows it.
fn next_chunk(png: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let (len, rest) = png.split_first_chunk::<4>()?;
    // The type (4 bytes), the data, the CRC (4 bytes).
    let end = usize::try_from(u32::from_be_bytes(*len))
        .ok()?
        .checked_add(8)?;
    let chunk = rest.get(..end)?;
    let (body, crc) = chunk.split_at(end - 4);
    Some((body, crc, &rest[end..]))
}

/// The icon drawn, its `key` written in it.
fn draw(title: &str, background: Rgb, size: usize, key: &str) -> Vec<u8> {
    let mut canvas = Canvas::new(size);
    let s = size as f32;
    // The glyph box (4 x 6) fills 40% of the height, centred: inside the maskable safe
    // zone (a circle of 80% of the side) with room to spare.
    let unit = s * 0.4 / 6.0;
    let (left, top) = (s / 2.0 - 2.0 * unit, s / 2.0 - 3.0 * unit);
    let at = |(x, y): (f32, f32)| (left + x * unit, top + y * unit);
    let (strokes, road) = mark(title);
    let width = unit * if road { 0.45 } else { 1.0 };
    for stroke in strokes {
        for pair in stroke.windows(2) {
            canvas.line(at(pair[0]), at(pair[1]), width);
        }
    }
    if road {
        for point in MILESTONES {
            canvas.line(at(point), at(point), unit * 1.3);
        }
    }
    canvas.png(background, ink_on(background), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_and_written() {
        assert_eq!(parse_hex("#0b6e4f"), Some([0x0b, 0x6e, 0x4f]));
        assert_eq!(parse_hex("#FFF"), Some([255, 255, 255]));
        for bad in ["0b6e4f", "#0b6e4", "#0b6e4g", "#", "#ééé"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
        assert_eq!(hex([11, 110, 79]), "#0b6e4f");
        assert_eq!(ink_on([11, 110, 79]), [255, 255, 255]);
        assert_eq!(ink_on([255, 230, 90]), [17, 24, 20]);
    }

    #[test]
    fn every_letter_and_digit_has_a_glyph_inside_its_box() {
        for c in ('A'..='Z').chain('0'..='9') {
            let strokes = glyph(c).unwrap_or_else(|| panic!("{c}"));
            for &(x, y) in strokes.iter().flat_map(|s| s.iter()) {
                assert!(
                    (0.0..=4.2).contains(&x) && (0.0..=6.2).contains(&y),
                    "{c}: {x},{y}"
                );
            }
        }
        assert!(mark("Дорожная карта").1, "no glyph: the road");
        assert!(!mark("  django").1);
    }

    #[test]
    fn an_icon_is_a_png_of_its_size_with_the_mark_in_the_middle() {
        let png = icon_png("Django", [11, 110, 79], 64, Path::new("/nowhere"));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 64);
        // Decoded back: corners are the background, ink runs down the middle (the
        // left stroke of the D).
        let start = png.windows(4).position(|w| w == b"IDAT").unwrap() + 4;
        let len = u32::from_be_bytes(png[start - 8..start - 4].try_into().unwrap()) as usize;
        let mut raw = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&png[start..start + len]),
            &mut raw,
        )
        .unwrap();
        assert_eq!(raw.len(), 64 * (64 + 1));
        // Rows after the first are filtered "Up": each byte added to the one above.
        let stride = 64 + 1;
        assert_eq!(raw[0], 0);
        for y in 1..64 {
            assert_eq!(raw[y * stride], 2, "row {y}'s filter");
            for i in 1..stride {
                raw[y * stride + i] = raw[y * stride + i].wrapping_add(raw[(y - 1) * stride + i]);
            }
        }
        // Each byte is an entry of the palette: 256 colours from background to ink.
        let start = png.windows(4).position(|w| w == b"PLTE").unwrap() + 4;
        let palette = &png[start..start + 256 * 3];
        assert_eq!(&palette[..3], &[11, 110, 79]);
        assert_eq!(&palette[255 * 3..], &[255, 255, 255]);
        let pixel = |x: usize, y: usize| {
            let at = usize::from(raw[y * stride + 1 + x]) * 3;
            [palette[at], palette[at + 1], palette[at + 2]]
        };
        assert_eq!(pixel(0, 0), [11, 110, 79]);
        assert_eq!(pixel(63, 63), [11, 110, 79]);
        let left_of_d = (64.0f32 / 2.0 - 2.0 * 64.0 * 0.4 / 6.0) as usize;
        assert_eq!(pixel(left_of_d, 32), [255, 255, 255]);
    }

    #[test]
    fn an_icon_drawn_from_the_same_is_taken_from_the_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let previous = dir.path().join("icon-64.png");
        let fresh = icon_png("Django", [11, 110, 79], 64, &previous);
        // A file that holds this icon's key is taken as it is: here the bytes of
        // another letter's icon, to tell taken from drawn.
        let other = draw("Rust", [11, 110, 79], 64, &key("Django", [11, 110, 79], 64));
        assert_ne!(other, fresh);
        std::fs::write(&previous, &other).unwrap();
        assert_eq!(icon_png("django", [11, 110, 79], 64, &previous), other);
        // Drawn again for another letter, colour or size...
        for (title, colour, size) in [
            ("Rust", [11, 110, 79], 64),
            ("Django", [11, 110, 80], 64),
            ("Django", [11, 110, 79], 65),
        ] {
            let drawn = draw(title, colour, size, &key(title, colour, size));
            assert_eq!(icon_png(title, colour, size, &previous), drawn);
        }
        // ...and from a damaged or a cut file.
        let mut damaged = other.clone();
        let at = damaged.len() / 2;
        damaged[at] ^= 1;
        std::fs::write(&previous, &damaged).unwrap();
        assert_eq!(icon_png("Django", [11, 110, 79], 64, &previous), fresh);
        std::fs::write(&previous, &other[..other.len() - 12]).unwrap();
        assert_eq!(icon_png("Django", [11, 110, 79], 64, &previous), fresh);
        // A chunk that says it is longer than the file, and a file past any icon's size.
        let mut long = other[..12].to_vec();
        long[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        std::fs::write(&previous, &long).unwrap();
        assert_eq!(icon_png("Django", [11, 110, 79], 64, &previous), fresh);
        let mut huge = other.clone();
        huge.resize(2 << 20, 0);
        std::fs::write(&previous, &huge).unwrap();
        assert_eq!(icon_png("Django", [11, 110, 79], 64, &previous), fresh);
    }
}
