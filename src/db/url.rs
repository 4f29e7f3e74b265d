//! Database URLs in SQLAlchemy's syntax (`dialect[+driver]://user:password@host:port/
//! database?key=value`), read the way SQLAlchemy's `make_url` reads them, and shown with
//! the password masked. Nothing here connects.

use std::fmt;

/// The database products `retort db check` can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    Sqlite,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgresql",
            Dialect::Sqlite => "sqlite",
        }
    }
}

/// A parsed URL. `password` is the decoded secret; `Display` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl {
    pub dialect: Dialect,
    /// The scheme as written (`postgresql+psycopg2`), for messages.
    pub scheme: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    /// The database name (PostgreSQL) or the file path as written (SQLite).
    pub database: Option<String>,
    /// Query options in the order written, decoded.
    pub query: Vec<(String, String)>,
    /// The URL as written, for masking: every form of the password that may appear in
    /// a message.
    secrets: Vec<String>,
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({self})")
    }
}

/// Why a URL cannot be used. The message never holds the password.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UrlError(pub String);

const MASK: &str = "***";

impl DbUrl {
    pub fn parse(text: &str) -> Result<DbUrl, UrlError> {
        let text = text.trim();
        let Some((scheme, rest)) = text.split_once("://") else {
            return Err(UrlError(format!(
                "`{}` is not a database URL: expected SQLAlchemy's form \
                 `dialect+driver://user:password@host:port/database` (for example \
                 `postgresql://user@localhost/app` or `sqlite:///app.db`)",
                mask_url_text(text)
            )));
        };
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+')
        {
            return Err(UrlError(format!(
                "`{}` is not a database URL: `{scheme}` is not a dialect name",
                mask_url_text(text)
            )));
        }
        let backend = scheme.split('+').next().unwrap_or_default().to_lowercase();
        let dialect = match backend.as_str() {
            // SQLAlchemy 1.4+ refuses `postgres://`, but Heroku-style URLs still use it;
            // the server is the same.
            "postgresql" | "postgres" => Dialect::Postgres,
            "sqlite" => Dialect::Sqlite,
            "mysql" | "mariadb" => {
                return Err(UrlError(format!(
                    "`{scheme}://`: MySQL and MariaDB are not supported by `retort db check` \
                     yet (PostgreSQL and SQLite are); see docs/db-check.md"
                )));
            }
            other => {
                return Err(UrlError(format!(
                    "`{scheme}://`: the dialect `{other}` is not supported by `retort db check` \
                     (PostgreSQL: `postgresql://`, `postgresql+psycopg2://`, \
                     `postgresql+psycopg://`; SQLite: `sqlite:///file.db`)"
                )));
            }
        };
        let (before_query, query_text) = match rest.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (rest, None),
        };
        let mut query = Vec::new();
        for pair in query_text
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter(|p| !p.is_empty())
        {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            query.push((query_decode(key), query_decode(value)));
        }
        let mut url = DbUrl {
            dialect,
            scheme: scheme.to_owned(),
            username: None,
            password: None,
            host: None,
            port: None,
            database: None,
            query,
            secrets: Vec::new(),
        };
        if dialect == Dialect::Sqlite {
            // `sqlite:///relative.db`, `sqlite:////absolute.db`, `sqlite://` (memory).
            let path = before_query.strip_prefix('/').unwrap_or(before_query);
            if !before_query.is_empty() && !before_query.starts_with('/') {
                return Err(UrlError(format!(
                    "`{}`: a SQLite URL has no host; write `sqlite:///relative/path.db` or \
                     `sqlite:////absolute/path.db`",
                    mask_url_text(text)
                )));
            }
            url.database = (!path.is_empty()).then(|| path.to_owned());
            return Ok(url);
        }
        // Userinfo ends at the last `@` before the path (SQLAlchemy takes the password
        // up to an `@`; a literal `@` in a password must be written `%40`).
        let (authority, path) = match before_query.find('/') {
            Some(i) => (&before_query[..i], Some(&before_query[i + 1..])),
            None => (before_query, None),
        };
        let (userinfo, hostport) = match authority.rfind('@') {
            Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
            None => (None, authority),
        };
        if let Some(userinfo) = userinfo {
            let (user, password) = match userinfo.split_once(':') {
                Some((u, p)) => (u, Some(p)),
                None => (userinfo, None),
            };
            if !user.is_empty() {
                url.username = Some(percent_decode(user));
            }
            if let Some(p) = password {
                let decoded = percent_decode(p);
                url.secrets.push(p.to_owned());
                url.secrets.push(decoded.clone());
                url.password = Some(decoded);
            }
        }
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            match v6.split_once(']') {
                Some((h, tail)) => (h, tail.strip_prefix(':')),
                None => {
                    return Err(UrlError(format!(
                        "`{}`: an IPv6 host is missing its closing `]`",
                        url
                    )));
                }
            }
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        if !host.is_empty() {
            url.host = Some(percent_decode(host));
        }
        if let Some(port) = port.filter(|p| !p.is_empty()) {
            url.port = Some(port.parse::<u16>().map_err(|_| {
                UrlError(format!(
                    "`{url}`: the port `{port}` is not a number from 1 to 65535"
                ))
            })?);
        }
        if let Some(db) = path.filter(|p| !p.is_empty()) {
            url.database = Some(percent_decode(db));
        }
        Ok(url)
    }

    /// The value of query option `key` (the last one given wins, as in SQLAlchemy).
    pub fn option(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Replace every form of the password in `text` (as written in the URL, and
    /// decoded) with `***`. Driver messages go through this before anyone sees them.
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_owned();
        let mut secrets: Vec<&str> = self
            .secrets
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        // Longest first, so that a password containing another form is fully hidden.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for secret in secrets {
            out = out.replace(secret, MASK);
        }
        out
    }
}

impl fmt::Display for DbUrl {
    /// The URL with the password shown as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://", self.scheme)?;
        if self.dialect == Dialect::Sqlite {
            if let Some(db) = &self.database {
                write!(f, "/{db}")?;
            }
        } else {
            if self.username.is_some() || self.password.is_some() {
                if let Some(user) = &self.username {
                    write!(f, "{}", percent_encode(user))?;
                }
                if self.password.is_some() {
                    write!(f, ":{MASK}")?;
                }
                write!(f, "@")?;
            }
            if let Some(host) = &self.host {
                if host.contains(':') {
                    write!(f, "[{host}]")?;
                } else {
                    write!(f, "{}", percent_encode(host))?;
                }
            }
            if let Some(port) = self.port {
                write!(f, ":{port}")?;
            }
            if let Some(db) = &self.database {
                write!(f, "/{}", percent_encode(db))?;
            }
        }
        for (i, (k, v)) in self.query.iter().enumerate() {
            let sep = if i == 0 { '?' } else { '&' };
            // A password may also be given as a query option.
            let v = if k == "password" { MASK } else { v.as_str() };
            write!(f, "{sep}{k}={}", self.mask(v))?;
        }
        Ok(())
    }
}

/// Mask a URL that could not be parsed: whatever stands between `:` and `@` in the
/// part before the path.
pub fn mask_url_text(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_owned();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..end];
    match authority.rfind('@') {
        Some(at) => match authority[..at].find(':') {
            Some(colon) => format!("{scheme}://{}:{MASK}{}", &authority[..colon], &rest[at..]),
            None => text.to_owned(),
        },
        None => text.to_owned(),
    }
}

/// `%XX` decoding, as SQLAlchemy's `unquote` (user, password, host, database).
fn percent_decode(text: &str) -> String {
    decode(text, false)
}

/// Query strings also read `+` as a space (`parse_qsl`).
fn query_decode(text: &str) -> String {
    decode(text, true)
}

fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        if plus_is_space && bytes[i] == b'+' {
            out.push(b' ');
        } else {
            out.push(bytes[i]);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls() {
        let url = DbUrl::parse("postgresql+psycopg2://wallet:s%40cr%3At@db.local:5433/wallet?sslmode=require&application_name=x").unwrap();
        assert_eq!(url.dialect, Dialect::Postgres);
        assert_eq!(url.username.as_deref(), Some("wallet"));
        assert_eq!(url.password.as_deref(), Some("s@cr:t"));
        assert_eq!(url.host.as_deref(), Some("db.local"));
        assert_eq!(url.port, Some(5433));
        assert_eq!(url.database.as_deref(), Some("wallet"));
        assert_eq!(url.option("sslmode"), Some("require"));
        let shown = url.to_string();
        assert_eq!(
            shown,
            "postgresql+psycopg2://wallet:***@db.local:5433/wallet?sslmode=require&application_name=x"
        );
        assert_eq!(
            url.mask("auth failed for s@cr:t (s%40cr%3At)"),
            "auth failed for *** (***)"
        );
        let v6 = DbUrl::parse("postgresql://u@[::1]:5432/d").unwrap();
        assert_eq!(v6.host.as_deref(), Some("::1"));
        assert_eq!(v6.to_string(), "postgresql://u@[::1]:5432/d");
        let bare = DbUrl::parse("postgresql:///app?host=/var/run/postgresql").unwrap();
        assert_eq!(bare.host, None);
        assert_eq!(bare.database.as_deref(), Some("app"));
        assert_eq!(bare.option("host"), Some("/var/run/postgresql"));
        assert!(DbUrl::parse("postgresql+psycopg://u:p@h/d").is_ok());
    }

    #[test]
    fn sqlite_urls() {
        let rel = DbUrl::parse("sqlite:///relative.db").unwrap();
        assert_eq!(rel.database.as_deref(), Some("relative.db"));
        let abs = DbUrl::parse("sqlite:////tmp/abs.db").unwrap();
        assert_eq!(abs.database.as_deref(), Some("/tmp/abs.db"));
        assert_eq!(abs.to_string(), "sqlite:////tmp/abs.db");
        let memory = DbUrl::parse("sqlite://").unwrap();
        assert_eq!(memory.database, None);
        assert!(DbUrl::parse("sqlite://host/x.db").is_err());
    }

    #[test]
    fn refusals_never_show_the_password() {
        let e = DbUrl::parse("mysql+pymysql://u:hunter2@h/d").unwrap_err();
        assert!(e.0.contains("MySQL"), "{e}");
        assert!(!e.0.contains("hunter2"), "{e}");
        let e = DbUrl::parse("oracle://u:hunter2@h/d").unwrap_err();
        assert!(!e.0.contains("hunter2"), "{e}");
        let e = DbUrl::parse("postgresql://u:hunter2@h:99999/d").unwrap_err();
        assert!(!e.0.contains("hunter2") && e.0.contains("99999"), "{e}");
        let e = DbUrl::parse("not a url").unwrap_err();
        assert!(e.0.contains("not a database URL"), "{e}");
        assert_eq!(
            mask_url_text("postgresql://u:hunter2@h/d"),
            "postgresql://u:***@h/d"
        );
    }
}
