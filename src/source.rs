//! Source files as read from disk, with byte spans and a line index so that any stage
//! can turn a span into 1-based line and column without re-reading the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::LineCol;

/// A half-open byte range `[start, end)` into a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// One file's text plus where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Path as shown to the user, `/`-separated.
    pub display: String,
    pub text: Arc<str>,
    /// Computed when a position is first asked for: most files never need one.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The file name, with anything that is not UTF-8 replaced.
    name: String,
    /// `--base REF`: the file was read from git ref REF, not from disk; `path` is where
    /// it would be in the working tree and `display` is `REF:path`.
    pub git_ref: Option<Arc<str>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let name = path
            .file_name()
            .map(|n| match n.to_str() {
                Some(name) => name.to_owned(),
                None => n.to_string_lossy().into_owned(),
            })
            .unwrap_or_default();
        SourceFile {
            path,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
            name,
            git_ref: None,
        }
    }

    /// Mark the file as read from git ref `reference` (`--base`).
    pub fn from_git(mut self, reference: &str) -> SourceFile {
        self.git_ref = Some(reference.into());
        self
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        });
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count()
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    pub fn line_cols(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }

    /// The text of a span (empty if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    pub fn file_name(&self) -> &str {
        &self.name
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The path to show for `path`: relative to the working directory when it lies below
/// it, with `/` separators on every platform.
pub fn display_path(path: &Path, cwd: Option<&Path>) -> String {
    // The common case by bytes (`Path::strip_prefix` compares component by component):
    // a plain working directory followed by `/` and a plain rest.
    if let Some(cwd) = cwd {
        let (p, c) = (
            path.as_os_str().as_encoded_bytes(),
            cwd.as_os_str().as_encoded_bytes(),
        );
        let plain = |b: &[u8]| {
            !b.is_empty()
                && !b.ends_with(b"/")
                && !b.windows(2).any(|w| w == b"//" || w == b"/.")
                && !b.starts_with(b".")
        };
        if let Some(rest) = p.strip_prefix(c).and_then(|r| r.strip_prefix(b"/"))
            && c.starts_with(b"/")
            && plain(c)
            && plain(rest)
            && !rest.starts_with(b"/")
            && !rest.contains(&b'\\')
            && let Ok(rest) = std::str::from_utf8(rest)
        {
            return rest.to_owned();
        }
    }
    let shown = cwd
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// Why a file's text was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Larger than the limit: `size` is what the file system reports (or, for a file
    /// that grew while being read, at least the limit plus one).
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// A symbolic link to a path that does not exist.
    BrokenLink {
        target: PathBuf,
    },
    /// A chain of symbolic links that never ends.
    LinkLoop,
    /// Not a regular file: a FIFO, a socket, a device (what it is, in words).
    NotRegular(&'static str),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge { size, limit } => write!(
                f,
                "is {}, larger than the {} retort reads",
                byte_size(*size),
                byte_size(*limit)
            ),
            ReadError::BrokenLink { target } => write!(
                f,
                "is a symbolic link to `{}`, which does not exist",
                target.display()
            ),
            ReadError::LinkLoop => f.write_str("is a symbolic link that loops back on itself"),
            ReadError::NotRegular(what) => write!(f, "is {what}, not a regular file"),
            ReadError::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

/// A size for people: `12.4 MB (12,400,000 bytes)`, or `800 bytes`.
pub fn byte_size(bytes: u64) -> String {
    let grouped = {
        let digits = bytes.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB ({grouped} bytes)", bytes as f64 / MIB as f64)
    } else if bytes >= 1024 {
        format!("{:.1} KiB ({grouped} bytes)", bytes as f64 / 1024.0)
    } else {
        format!("{grouped} bytes")
    }
}

/// Follow a chain of symbolic links from `path` (at most 40, Linux's own limit): the
/// path it ends at, or why it never ends at an existing file.
fn resolve_links(path: &Path) -> Result<PathBuf, ReadError> {
    resolve_links_with_metadata(path).map(|(path, _)| path)
}

/// [`resolve_links`], with the metadata of the path it ends at (read once: a plain
/// file costs one `lstat`).
fn resolve_links_with_metadata(path: &Path) -> Result<(PathBuf, std::fs::Metadata), ReadError> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current).map_err(ReadError::Io)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(meta) => return Ok((current, meta)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && current != path => {
                return Err(ReadError::BrokenLink { target: current });
            }
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    Err(ReadError::LinkLoop)
}

/// The path a chain of symbolic links from `path` ends at (which need not exist), or
/// None for a loop.
pub fn follow_links(path: &Path) -> Option<PathBuf> {
    match resolve_links(path) {
        Ok(p) => Some(p),
        Err(ReadError::BrokenLink { target }) => Some(target),
        Err(ReadError::LinkLoop) => None,
        Err(_) => Some(path.to_path_buf()),
    }
}

/// What a file system object that is not a regular file or directory is, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Read a file of at most `limit` bytes, never more: the size is checked before
/// reading (a sparse multi-gigabyte file is refused without reading a byte), links are
/// followed by hand (a broken link or a loop is said as such), anything that is not a
/// regular file (a FIFO would block, a device never end) is never read (on Unix it
/// may be opened without blocking, to ask what it is, and closed unread), and the read
/// itself stops after `limit + 1` bytes in case the file grows meanwhile.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    #[cfg(unix)]
    {
        // The common case with one path lookup: open without following a link and
        // without blocking (a FIFO opened this way returns at once), then ask the open
        // file what it is. A link fails to open (ELOOP) and takes the general way.
        use std::os::unix::fs::OpenOptionsExt;
        match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
        {
            Ok(file) => {
                let meta = file.metadata().map_err(ReadError::Io)?;
                if !meta.is_file() {
                    return Err(ReadError::NotRegular(kind_of(&meta)));
                }
                return read_open(file, &meta, limit);
            }
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::Io(e)),
            Err(_) => {}
        }
    }
    let (real, meta) = resolve_links_with_metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(&real).map_err(ReadError::Io)?;
    read_open(file, &meta, limit)
}

/// Read an open regular file of at most `limit` bytes (its size as `meta` says, and
/// never more than `limit + 1` bytes whatever it grows to meanwhile).
fn read_open(
    file: std::fs::File,
    meta: &std::fs::Metadata,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_chars() {
        let file = SourceFile::new("x.py".into(), "x.py".into(), "ab\nцd\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // 'ц' is two bytes; 'd' is the second character of line 2.
        assert_eq!(file.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(file.line_col(100), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn display_path_by_bytes_agrees_with_components() {
        let cases = [
            ("/w/p/versions/a.py", "/w/p"),
            ("/w/p/versions/a.py", "/w/p/"),
            ("/w/p/./versions/a.py", "/w/p"),
            ("/w/p//versions/a.py", "/w/p"),
            ("/w/pq/a.py", "/w/p"),
            ("/w/p/.hidden/a.py", "/w/p"),
            ("/w/p/a.py", "/x"),
            ("versions/a.py", "/w/p"),
            ("/w/p/a\\b.py", "/w/p"),
        ];
        for (path, cwd) in cases {
            let slow = {
                let shown = Path::new(path).strip_prefix(cwd).unwrap_or(Path::new(path));
                let text = shown.to_string_lossy().replace('\\', "/");
                text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
            };
            assert_eq!(
                display_path(Path::new(path), Some(Path::new(cwd))),
                slow,
                "{path} in {cwd}"
            );
        }
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(byte_size(800), "800 bytes");
        assert_eq!(byte_size(10_000_000), "9.5 MiB (10,000,000 bytes)");
        assert_eq!(byte_size(2048), "2.0 KiB (2,048 bytes)");
    }

    #[cfg(unix)]
    #[test]
    fn bounded_reads_say_why_not() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::write(p("ok.py"), "x = 1\n").unwrap();
        assert_eq!(read_bounded(&p("ok.py"), 6).unwrap(), b"x = 1\n");
        assert!(matches!(
            read_bounded(&p("ok.py"), 5),
            Err(ReadError::TooLarge { size: 6, limit: 5 })
        ));
        symlink("ok.py", p("link.py")).unwrap();
        assert!(read_bounded(&p("link.py"), 100).is_ok());
        symlink("nowhere.py", p("broken.py")).unwrap();
        let e = read_bounded(&p("broken.py"), 100).unwrap_err();
        assert!(
            e.to_string().contains("nowhere.py`, which does not exist"),
            "{e}"
        );
        symlink("b.py", p("a.py")).unwrap();
        symlink("a.py", p("b.py")).unwrap();
        assert!(matches!(
            read_bounded(&p("a.py"), 100),
            Err(ReadError::LinkLoop)
        ));
        std::fs::create_dir(p("dir.py")).unwrap();
        assert!(matches!(
            read_bounded(&p("dir.py"), 100),
            Err(ReadError::NotRegular("a directory"))
        ));
        // A sparse file far larger than memory is refused without being read.
        let big = std::fs::File::create(p("big.py")).unwrap();
        big.set_len(1 << 40).unwrap();
        assert!(matches!(
            read_bounded(&p("big.py"), 1 << 20),
            Err(ReadError::TooLarge { .. })
        ));
    }
}
