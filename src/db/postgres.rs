//! PostgreSQL through tokio-postgres on a single-threaded runtime, with TLS by rustls
//! (nothing needs the system's OpenSSL). Connection settings come from the URL, then
//! from libpq's environment variables (`PGHOST`, `PGUSER`, `PGPASSWORD`, ...) and
//! `~/.pgpass`, as psycopg2 would find them. Everything is read in one
//! `REPEATABLE READ, READ ONLY` transaction that is rolled back, with a server-side
//! `statement_timeout` and a client-side deadline on the connection and on each query.

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres::config::SslMode;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::{Client, NoTls, Socket};

use super::{DbError, DbTable, DbUrl, ReadOptions, Snapshot, Stamp};
use crate::ops::TableName;
use crate::schema::replay::{Constraint, Index};

/// Query options of the URL that retort uses; others are libpq's and do not change what
/// is read, or are not supported (named in a note).
const KNOWN_OPTIONS: &[&str] = &[
    "host",
    "port",
    "user",
    "password",
    "dbname",
    "sslmode",
    "sslrootcert",
    "connect_timeout",
    "application_name",
    "options",
];

/// How the server's certificate is checked.
enum Verify {
    /// `sslmode=prefer` / `require`: encrypted, certificate not checked (libpq's
    /// meaning of these modes without a root certificate).
    Nothing,
    /// `verify-ca`: signed by a trusted root, any host name.
    Chain(Arc<RootCertStore>),
    /// `verify-full`: signed by a trusted root and issued for this host.
    Full(Arc<RootCertStore>),
}

struct Settings {
    config: tokio_postgres::Config,
    /// `None`: no TLS (`sslmode=disable`).
    tls: Option<Verify>,
    /// Where the server is, for messages.
    place: String,
    user: String,
    database: String,
    connect_timeout: Duration,
    /// Passwords from outside the URL (PGPASSWORD, .pgpass), to mask.
    secrets: Vec<String>,
}

pub fn read(url: &DbUrl, options: &ReadOptions) -> Result<Snapshot, DbError> {
    let shown = url.to_string();
    let settings = settings(url, options)?;
    let mask = |text: String| {
        let mut text = url.mask(&text);
        for secret in settings.secrets.iter().filter(|s| !s.is_empty()) {
            text = text.replace(secret.as_str(), "***");
        }
        text
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| DbError(format!("cannot start the database client: {e}")))?;
    let result = runtime.block_on(async {
        let client = match &settings.tls {
            None => connect(&settings, NoTls).await?,
            Some(verify) => {
                let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(verify)?);
                connect(&settings, tls).await?
            }
        };
        read_all(&client, options, &settings).await
    });
    let (stamp, tables, server_version, default_schema) =
        result.map_err(|e| DbError(mask(format!("`{shown}`: {}", e.0))))?;
    let version_table = match &options.version_table_schema {
        Some(schema) => format!("{schema}.{}", options.version_table),
        None => options.version_table.clone(),
    };
    Ok(Snapshot {
        dialect: url.dialect,
        shown_url: shown,
        server_version: format!("PostgreSQL {server_version}"),
        version_table,
        stamp,
        default_schema: Some(default_schema),
        tables,
    })
}

fn settings(url: &DbUrl, options: &ReadOptions) -> Result<Settings, DbError> {
    let shown = url.to_string();
    let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    let option = |key: &str| url.option(key).map(str::to_owned);
    if let Some((unknown, _)) = url.query.iter().find(|(k, _)| {
        !KNOWN_OPTIONS.contains(&k.as_str())
            && !k.starts_with("keepalives")
            && k != "target_session_attrs"
    }) {
        return Err(DbError(format!(
            "`{shown}`: the option `{unknown}` is not supported by `retort db check` \
             (supported: {}); remove it from the URL given to retort",
            KNOWN_OPTIONS.join(", ")
        )));
    }
    let host = option("host")
        .or_else(|| url.host.clone())
        .or_else(|| env("PGHOST"))
        .unwrap_or_else(default_host);
    let port = match option("port") {
        Some(p) => p.parse::<u16>().map_err(|_| {
            DbError(format!(
                "`{shown}`: the port `{p}` is not a number from 1 to 65535"
            ))
        })?,
        None => url
            .port
            .or_else(|| env("PGPORT").and_then(|p| p.parse().ok()))
            .unwrap_or(5432),
    };
    let user = option("user")
        .or_else(|| url.username.clone())
        .or_else(|| env("PGUSER"))
        .or_else(|| env("USER"))
        .unwrap_or_else(|| "postgres".to_owned());
    let database = option("dbname")
        .or_else(|| url.database.clone())
        .or_else(|| env("PGDATABASE"))
        .unwrap_or_else(|| user.clone());
    let mut secrets = Vec::new();
    let password = match option("password").or_else(|| url.password.clone()) {
        Some(p) => Some(p),
        None => env("PGPASSWORD")
            .or_else(|| pgpass(&host, port, &database, &user))
            .inspect(|p| secrets.push(p.clone())),
    };
    let connect_timeout = match option("connect_timeout").or_else(|| env("PGCONNECT_TIMEOUT")) {
        Some(text) => match text.trim().parse::<u64>() {
            // libpq: 0 or less means wait forever; retort always bounds the wait.
            Ok(0) | Err(_) => options.connect_timeout,
            Ok(s) => Duration::from_secs(s.max(2)),
        },
        None => options.connect_timeout,
    };
    let mut config = tokio_postgres::Config::new();
    config
        .host(&host)
        .port(port)
        .user(&user)
        .dbname(&database)
        .application_name(option("application_name").unwrap_or_else(|| "retort".to_owned()))
        .connect_timeout(connect_timeout);
    if let Some(p) = &password {
        config.password(p.as_bytes());
    }
    if let Some(o) = option("options").or_else(|| env("PGOPTIONS")) {
        config.options(o);
    }
    let mode = option("sslmode")
        .or_else(|| env("PGSSLMODE"))
        .unwrap_or_else(|| "prefer".to_owned());
    let root_file = option("sslrootcert").or_else(|| env("PGSSLROOTCERT"));
    let roots = |required: bool| -> Result<Option<Arc<RootCertStore>>, DbError> {
        let path = match &root_file {
            Some(p) if p == "system" => {
                return Err(DbError(format!(
                    "`{shown}`: `sslrootcert=system` is not supported by retort; name a file \
                     of PEM root certificates"
                )));
            }
            Some(p) => PathBuf::from(p),
            None => {
                let default = home().map(|h| h.join(".postgresql/root.crt"));
                match default.filter(|p| p.is_file()) {
                    Some(p) => p,
                    None if required => {
                        return Err(DbError(format!(
                            "`{shown}`: sslmode={mode} checks the server's certificate, which \
                             needs root certificates: give `sslrootcert=/path/to/root.crt` (or \
                             put them in ~/.postgresql/root.crt, as libpq does)"
                        )));
                    }
                    None => return Ok(None),
                }
            }
        };
        load_roots(&path)
            .map(|r| Some(Arc::new(r)))
            .map_err(|e| DbError(format!("`{shown}`: sslrootcert {}: {e}", path.display())))
    };
    let tls = match mode.as_str() {
        "disable" => {
            config.ssl_mode(SslMode::Disable);
            None
        }
        // libpq's `allow` tries without TLS first; the closest tokio-postgres offers
        // is to prefer TLS.
        "allow" | "prefer" => {
            config.ssl_mode(SslMode::Prefer);
            Some(Verify::Nothing)
        }
        "require" => {
            config.ssl_mode(SslMode::Require);
            // libpq: with a root certificate at hand, `require` checks the chain.
            Some(match roots(false)? {
                Some(r) if root_file.is_some() => Verify::Chain(r),
                _ => Verify::Nothing,
            })
        }
        "verify-ca" => {
            config.ssl_mode(SslMode::Require);
            Some(Verify::Chain(roots(true)?.expect("required")))
        }
        "verify-full" => {
            config.ssl_mode(SslMode::Require);
            Some(Verify::Full(roots(true)?.expect("required")))
        }
        other => {
            return Err(DbError(format!(
                "`{shown}`: `sslmode={other}` is not one of disable, allow, prefer, require, \
                 verify-ca, verify-full"
            )));
        }
    };
    let place = if host.starts_with('/') {
        format!("the socket in {host} (port {port})")
    } else {
        format!("{host}:{port}")
    };
    Ok(Settings {
        config,
        tls,
        place,
        user,
        database,
        connect_timeout,
        secrets,
    })
}

/// libpq's default when no host is given: its Unix socket directory if a server
/// listens there, else localhost over TCP.
fn default_host() -> String {
    for dir in ["/var/run/postgresql", "/tmp"] {
        if Path::new(dir).join(".s.PGSQL.5432").exists() {
            return dir.to_owned();
        }
    }
    "localhost".to_owned()
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// The password `~/.pgpass` (or `PGPASSFILE`) holds for this connection, as libpq reads
/// it: `host:port:database:user:password`, `*` matching anything, `\` escaping. Like
/// libpq, a file others may read is ignored.
fn pgpass(host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| home().map(|h| h.join(".pgpass")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = if host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    let port = port.to_string();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => field.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        if fields.len() != 5 {
            continue;
        }
        let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
        if matches(&fields[0], host)
            && matches(&fields[1], &port)
            && matches(&fields[2], database)
            && matches(&fields[3], user)
        {
            return Some(fields.swap_remove(4));
        }
    }
    None
}

fn load_roots(path: &Path) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path).map_err(|e| e.to_string())?;
    for cert in certs {
        let cert = cert.map_err(|e| e.to_string())?;
        roots.add(cert).map_err(|e| e.to_string())?;
    }
    if roots.is_empty() {
        return Err("holds no PEM certificate".to_owned());
    }
    Ok(roots)
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_config(verify: &Verify) -> Result<ClientConfig, DbError> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| DbError(format!("cannot set up TLS: {e}")))?;
    let verifier: Arc<dyn ServerCertVerifier> = match verify {
        Verify::Nothing => Arc::new(AnyCertificate(provider)),
        Verify::Chain(roots) | Verify::Full(roots) => {
            let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(
                roots.clone(),
                provider,
            )
            .build()
            .map_err(|e| DbError(format!("cannot set up TLS: {e}")))?;
            Arc::new(ChainVerifier {
                inner: webpki,
                check_name: matches!(verify, Verify::Full(_)),
            })
        }
    };
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// `sslmode=prefer` / `require`: the connection is encrypted, the certificate is not
/// checked (handshake signatures still are).
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca` (chain only) and `verify-full` (chain and host name).
#[derive(Debug)]
struct ChainVerifier {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
    check_name: bool,
}

impl ServerCertVerifier for ChainVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForName
                | rustls::CertificateError::NotValidForNameContext { .. },
            )) if !self.check_name => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Connect within the connect timeout (TCP, TLS and authentication together: a server
/// that accepts the connection and then says nothing must not hang retort).
async fn connect<T>(settings: &Settings, tls: T) -> Result<Client, DbError>
where
    T: MakeTlsConnect<Socket> + 'static,
    T::Stream: Send + 'static,
{
    let attempt = settings.config.connect(tls);
    let (client, connection) = match tokio::time::timeout(settings.connect_timeout, attempt).await {
        Err(_) => {
            return Err(DbError(format!(
                "cannot connect to PostgreSQL at {}: no answer within {} (the connect timeout; \
                 is the host right and reachable from here?)",
                settings.place,
                super::seconds(settings.connect_timeout)
            )));
        }
        Ok(Err(e)) => return Err(DbError(connect_error(&e, settings))),
        Ok(Ok(pair)) => pair,
    };
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

fn connect_error(e: &tokio_postgres::Error, settings: &Settings) -> String {
    if let Some(db) = e.as_db_error() {
        let advice = match db.code().code() {
            "28P01" | "28000" => format!(
                " (check the user name `{}` and the password)",
                settings.user
            ),
            "3D000" => format!(" (the database `{}` does not exist)", settings.database),
            _ => String::new(),
        };
        return format!(
            "PostgreSQL at {} refused the connection: {}{advice}",
            settings.place,
            db.message()
        );
    }
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    let cause = if cause.is_empty() {
        e.to_string()
    } else {
        cause
    };
    let hint = if cause.contains("Connection refused") {
        ": is the server running, and are the host and port right?"
    } else if cause.contains("server does not support TLS") {
        ": the URL asks for TLS (sslmode), which this server does not offer"
    } else {
        ""
    };
    format!(
        "cannot connect to PostgreSQL at {}: {e}: {cause}{hint}",
        settings.place
    )
}

type Read = (Stamp, Vec<DbTable>, String, String);

/// One query, bounded on the client side too (the server's `statement_timeout` does
/// not cover a connection that stops answering).
async fn bounded<F, R>(what: &str, limit: Duration, query: F) -> Result<R, DbError>
where
    F: Future<Output = Result<R, tokio_postgres::Error>>,
{
    match tokio::time::timeout(limit + Duration::from_secs(1), query).await {
        Err(_) => Err(DbError(format!(
            "{what}: no answer within {} (the statement timeout)",
            super::seconds(limit)
        ))),
        Ok(Err(e)) => Err(DbError(match e.as_db_error() {
            Some(db) if db.code().code() == "57014" => format!(
                "{what}: cancelled after {} (the statement timeout)",
                super::seconds(limit)
            ),
            Some(db) => format!("{what}: {}", db.message()),
            None => format!("{what}: {e}"),
        })),
        Ok(Ok(r)) => Ok(r),
    }
}

async fn read_all(
    client: &Client,
    options: &ReadOptions,
    settings: &Settings,
) -> Result<Read, DbError> {
    let limit = options.statement_timeout;
    let millis = limit.as_millis().max(1);
    bounded(
        "cannot start a read-only transaction",
        limit,
        client.batch_execute(&format!(
            "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; \
             SET LOCAL statement_timeout = {millis}; SET LOCAL lock_timeout = {millis}"
        )),
    )
    .await?;
    let result = read_in_transaction(client, options, settings).await;
    // Never commit: nothing was written, and nothing may be.
    let _ = tokio::time::timeout(limit, client.batch_execute("ROLLBACK")).await;
    result
}

async fn read_in_transaction(
    client: &Client,
    options: &ReadOptions,
    settings: &Settings,
) -> Result<Read, DbError> {
    let limit = options.statement_timeout;
    let row = bounded(
        "cannot read the server's settings",
        limit,
        client.query_one(
            "SELECT current_setting('server_version'), coalesce(current_schema(), 'public')",
            &[],
        ),
    )
    .await?;
    let server_version: String = row.get(0);
    let default_schema: String = row.get(1);

    // The version table, found the way Alembic's unqualified name is (search_path),
    // or in the schema configured.
    let version_shown = match &options.version_table_schema {
        Some(s) => format!("{s}.{}", options.version_table),
        None => options.version_table.clone(),
    };
    let what = format!("cannot look up the version table `{version_shown}`");
    let row = bounded(
        &what,
        limit,
        client.query_one(
            "SELECT c.oid, c.oid::regclass::text, n.nspname::text, \
                    has_table_privilege(c.oid, 'SELECT') \
             FROM (SELECT to_regclass(CASE WHEN $2::text IS NULL THEN quote_ident($1) \
                                      ELSE quote_ident($2) || '.' || quote_ident($1) END) AS r) q \
             LEFT JOIN pg_catalog.pg_class c ON c.oid = q.r \
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace",
            &[&options.version_table, &options.version_table_schema],
        ),
    )
    .await?;
    let version_oid: Option<u32> = row.get(0);
    let (stamp, version_oid) = match version_oid {
        None => (Stamp::NoTable, None),
        Some(oid) => {
            let qualified: String = row.get(1);
            let can_read: bool = row.get(3);
            if !can_read {
                return Err(DbError(format!(
                    "the user `{}` may not read the version table `{version_shown}`: grant it \
                     SELECT (`GRANT SELECT ON {qualified} TO {};`); retort only reads",
                    settings.user, settings.user
                )));
            }
            let rows = bounded(
                &format!("cannot read the version table `{version_shown}`"),
                limit,
                client.query(&format!("SELECT version_num::text FROM {qualified}"), &[]),
            )
            .await?;
            let mut stamp: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
            stamp.sort();
            (Stamp::Rows(stamp), Some(oid))
        }
    };

    let mut schemas: Vec<String> = vec![default_schema.clone()];
    schemas.extend(options.schemas.iter().cloned());
    schemas.sort();
    schemas.dedup();
    let rows = bounded(
        "cannot list the tables",
        limit,
        client.query(
            "SELECT c.oid, n.nspname::text, c.relname::text \
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1) \
             ORDER BY n.nspname, c.relname",
            &[&schemas],
        ),
    )
    .await?;
    let mut tables: HashMap<u32, DbTable> = HashMap::new();
    for row in &rows {
        let oid: u32 = row.get(0);
        if Some(oid) == version_oid {
            continue;
        }
        let schema: String = row.get(1);
        let name: String = row.get(2);
        let table_name = TableName {
            schema: (schema != default_schema).then_some(schema),
            name,
        };
        tables.insert(
            oid,
            DbTable {
                name: table_name,
                columns: Vec::new(),
                indexes: Vec::new(),
                constraints: Vec::new(),
            },
        );
    }
    let oids: Vec<u32> = tables.keys().copied().collect();

    let rows = bounded(
        "cannot read the columns",
        limit,
        client.query(
            "SELECT a.attrelid, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), \
                    a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid) \
             FROM pg_catalog.pg_attribute a \
             LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY a.attrelid, a.attnum",
            &[&oids],
        ),
    )
    .await?;
    for row in &rows {
        let oid: u32 = row.get(0);
        if let Some(t) = tables.get_mut(&oid) {
            let not_null: bool = row.get(3);
            t.columns
                .push(super::column(row.get(1), row.get(2), !not_null, row.get(4)));
        }
    }

    let rows = bounded(
        "cannot read the constraints",
        limit,
        client.query(
            "SELECT c.conrelid, c.conname::text, c.contype::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) \
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum \
                          ORDER BY k.ord), \
                    fc.oid, fn.nspname::text, fc.relname::text \
             FROM pg_catalog.pg_constraint c \
             LEFT JOIN pg_catalog.pg_class fc ON fc.oid = c.confrelid \
             LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace \
             WHERE c.conrelid = ANY($1) AND c.contype IN ('p', 'u', 'f') \
             ORDER BY c.conrelid, c.conname",
            &[&oids],
        ),
    )
    .await?;
    for row in &rows {
        let oid: u32 = row.get(0);
        let kind = match row.get::<_, String>(2).as_str() {
            "p" => "primary",
            "u" => "unique",
            _ => "foreignkey",
        };
        let referred = row.get::<_, Option<String>>(6).map(|name| {
            let schema: Option<String> = row.get(5);
            match schema.filter(|s| *s != default_schema) {
                Some(s) => format!("{s}.{name}"),
                None => name,
            }
        });
        if let Some(t) = tables.get_mut(&oid) {
            t.constraints.push(Constraint {
                name: Some(row.get(1)),
                kind,
                columns: row.get(3),
                referred_table: referred,
                created_by: None,
            });
        }
    }

    let rows = bounded(
        "cannot read the indexes",
        limit,
        client.query(
            "SELECT i.indrelid, ic.relname::text, i.indisunique, \
                    ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true) \
                          FROM generate_series(1, i.indnatts) AS k ORDER BY k) \
             FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
             WHERE i.indrelid = ANY($1) AND NOT EXISTS ( \
                 SELECT 1 FROM pg_catalog.pg_constraint c \
                 WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid \
                   AND c.contype IN ('p', 'u', 'x')) \
             ORDER BY i.indrelid, ic.relname",
            &[&oids],
        ),
    )
    .await?;
    for row in &rows {
        let oid: u32 = row.get(0);
        if let Some(t) = tables.get_mut(&oid) {
            t.indexes.push(Index {
                name: row.get(1),
                unique: row.get(2),
                columns: row.get(3),
                created_by: None,
            });
        }
    }
    let mut tables: Vec<DbTable> = tables.into_values().collect();
    for t in &mut tables {
        super::mark_primary_keys(t);
    }
    Ok((stamp, tables, server_version, default_schema))
}
