//! Paths for machine consumers (SARIF, GitHub annotations): relative to the source
//! root, which is the top of the git working tree around the working directory (what
//! code scanning and the Actions runner call the checkout), else the working directory.

use std::path::{Component, Path, PathBuf};

/// The top of the git working tree holding `dir` (a `.git` directory or file), else
/// `dir` itself. Returned canonical, so that it compares with `canonical`.
pub fn source_root(dir: &Path) -> PathBuf {
    let dir = canonical(dir);
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or(dir)
}

/// `path` made absolute and canonical as far as it exists: a file read from git with
/// `--base` has no file on disk, but its directory usually has.
pub fn canonical(path: &Path) -> PathBuf {
    let absolute = normalise(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `root` with `/` separators, or `None` when it lies outside.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let inside = canonical(path);
    let rel = inside.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Percent-encode a `/`-separated path for use in a URI (RFC 3986: everything but
/// unreserved characters, `/` and a few sub-delimiters that are safe in a path).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(byte as char),
            // `:` is fine after the first segment, but a leading `c:` would read as a scheme.
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// A `file://` URI for an absolute path (a directory URI ends with `/`).
pub fn file_uri(path: &Path, directory: bool) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    let mut uri = format!("file://{}", uri_path(&text));
    if directory && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_what_uris_cannot_hold() {
        assert_eq!(
            uri_path("mig rations/versions/ä#1.py"),
            "mig%20rations/versions/%C3%A4%231.py"
        );
        assert_eq!(uri_path("a:b/c"), "a%3Ab/c");
        assert_eq!(
            file_uri(Path::new("/work/my repo"), true),
            "file:///work/my%20repo/"
        );
    }

    #[test]
    fn canonical_keeps_missing_tail() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(
            canonical(&dir.path().join("not/yet/here.py")),
            real.join("not/yet/here.py")
        );
        assert_eq!(
            relative(&real, &dir.path().join("a/../b.py")).as_deref(),
            Some("b.py")
        );
        assert_eq!(relative(&real, Path::new("/elsewhere/x.py")), None);
    }

    #[test]
    fn source_root_is_the_git_top() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        assert_eq!(
            source_root(&dir.path().join("a/b")),
            dir.path().canonicalize().unwrap()
        );
    }
}
