//! URLs, all in one place: where stages and pages are published (the site's URL
//! scheme), base URLs, percent-coding and host names. Parsing and coding are the `url`
//! and `percent-encoding` crates' work; this module only says how roadsmith uses them.

use std::borrow::Cow;
use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use url::{Host, Url};

/// Output path of a stage, relative to the site root: `stages/<slug>/`.
pub fn stage_path(slug: &str) -> String {
    ["stages/", slug, "/"].concat()
}

/// Output path of a standalone page: `<slug>/`.
pub fn page_path(slug: &str) -> String {
    [slug, "/"].concat()
}

/// A relative file path as a URL path with `/` separators (not percent-encoded).
pub fn path_of_file(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `{repo_url}/edit/main/<file>`: GitHub's (and Gitea's) page for editing a file.
pub fn edit_url(repo_url: &str, source: &Path) -> String {
    format!(
        "{}/edit/main/{}",
        repo_url.trim_end_matches('/'),
        path_of_file(source)
    )
}

/// Checks that `url` is an absolute http(s) URL with a host, and no query or fragment,
/// and returns it with a trailing `/`. The error is a sentence for the author.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let no_host = || format!("base_url \"{url}\" has no host name");
    let mut parsed = match Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u,
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err(format!(
                "base_url \"{url}\" must start with https:// or http://"
            ));
        }
        Err(url::ParseError::EmptyHost) => return Err(no_host()),
        Err(e) => return Err(format!("base_url \"{url}\" is not a valid URL: {e}")),
    };
    // The WHATWG parser reads `https:///x` as host `x`; an author who wrote it forgot one.
    let after_scheme = &url[parsed.scheme().len() + 1..];
    if after_scheme.trim_start_matches('/').len() + 2 != after_scheme.len() {
        return Err(no_host());
    }
    if parsed.query().is_some() || parsed.fragment().is_some() || url.contains(' ') {
        return Err(format!(
            "base_url \"{url}\" may not contain a query, a fragment or spaces"
        ));
    }
    if !parsed.path().ends_with('/') {
        let path = format!("{}/", parsed.path());
        parsed.set_path(&path);
    }
    Ok(parsed.into())
}

/// The path part of a normalized base_url: `https://u.github.io/repo/` -> `/repo/`.
pub fn base_path(base_url: &str) -> String {
    Url::parse(base_url).map_or_else(|_| "/".to_string(), |u| u.path().to_string())
}

/// `%20` -> ` `; malformed escapes stay as written, bytes that are not UTF-8 become `�`.
pub fn decode(s: &str) -> Cow<'_, str> {
    percent_decode_str(s).decode_utf8_lossy()
}

/// `%xx` escapes decoded; `None` for a malformed escape or bytes that are not UTF-8:
/// for request paths, where a guess could name another file.
pub fn decode_strict(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let malformed = memchr::memchr_iter(b'%', bytes).any(|i| {
        !bytes
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(Cow::into_owned)
}

/// What may stand in a URL path as written: letters, digits, `-._~` and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Escapes what may not stand in a URL path as written (spaces, quotes, non-ASCII).
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// `mailto:`, `https:`, `data:` ... : the link names its scheme (RFC 3986: a letter,
/// then letters, digits, `+`, `-` or `.`, before the first `:`, with no `/` before it).
pub fn has_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// The host of an HTTP `Host` header (or any `host[:port]` authority), `None` when the
/// value is anything more or malformed. Domain names come lowercased.
pub fn host_of_authority(authority: &str) -> Option<Host<String>> {
    let url = Url::parse(&format!("http://{authority}/")).ok()?;
    let only_host = url.path() == "/"
        && url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none();
    only_host
        .then(|| url.host().map(|h| h.to_owned()))
        .flatten()
}

/// `host:port` of an absolute URL (the port when it is not the scheme's default):
/// `https://Example.com:8080/a` -> `example.com:8080`. `None` when it has no host.
pub fn authority(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(base_path("https://user.github.io/repo/"), "/repo/");
        assert_eq!(base_path("https://example.com/"), "/");
        assert_eq!(
            normalize_base_url("https://a.b/c").unwrap(),
            "https://a.b/c/"
        );
        assert_eq!(normalize_base_url(" http://a.b ").unwrap(), "http://a.b/");
        for (bad, why) in [
            ("a.b/c", "must start with"),
            ("ftp://a.b/", "must start with"),
            ("https:///c", "no host"),
            ("https://", "no host"),
            ("https://a.b/?x=1", "query"),
            ("https://a.b/#top", "fragment"),
            ("https://a.b/c d", "spaces"),
        ] {
            let e = normalize_base_url(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn decoding() {
        assert_eq!(decode("a%20b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(
            decode_strict("/caf%C3%A9.png").as_deref(),
            Some("/café.png")
        );
        for bad in ["/%zz", "/%c3", "/%4", "/%"] {
            assert_eq!(decode_strict(bad), None, "{bad}");
        }
    }

    #[test]
    fn encoding_paths() {
        assert_eq!(encode_path("img/a b.png"), "img/a%20b.png");
        assert_eq!(encode_path("a-b_c.~/é\""), "a-b_c.~/%C3%A9%22");
    }

    #[test]
    fn schemes_and_hosts() {
        for (url, scheme) in [
            ("mailto:a@b.c", true),
            ("https://x", true),
            ("04-orm.md", false),
            ("img/a:b.png", false),
            (":x", false),
            ("1a:x", false),
        ] {
            assert_eq!(has_scheme(url), scheme, "{url}");
        }
        assert_eq!(
            host_of_authority("LOCALHOST:1111"),
            Some(Host::Domain("localhost".into()))
        );
        assert_eq!(
            host_of_authority("[::1]:1111"),
            Some(Host::Ipv6(std::net::Ipv6Addr::LOCALHOST))
        );
        for bad in ["a b", "x/y", "localhost@evil.example", "", "h?x"] {
            assert_eq!(host_of_authority(bad), None, "{bad}");
        }
        assert_eq!(
            authority("https://Example.com:8080/a#b").as_deref(),
            Some("example.com:8080")
        );
        assert_eq!(
            authority("https://example.com:443/").as_deref(),
            Some("example.com")
        );
        assert_eq!(authority("mailto:a@b.c"), None);
    }
}
