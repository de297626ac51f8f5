//! `keys`: list, create, rotate and delete Datadog API and application keys.
//!
//! A downstream user of the generated `datadog-key-management` client. The
//! binary (`src/main.rs`) only parses the arguments, calls [`run`] and turns
//! an [`AppError`] into a one-line message and an exit code; everything else
//! lives here so that it can be tested in-process.
//!
//! Secrets: the configured `DD_API_KEY` and `DD_APP_KEY` are never printed.
//! The only key value ever written is the one of a key this tool has just
//! created (`api create`, `api rotate`, `app create`), to `out` (stdout).

use std::io::Write;

use clap::{Args, Parser, Subcommand};
use datadog_key_management::chrono;
use datadog_key_management::v2::models::{
    ApiErrorResponse, ApiKeyCreateAttributes, ApiKeyCreateRequest, ApiKeyResponse, ApiKeysSort,
    ApplicationKeyCreateAttributes, ApplicationKeyCreateRequest, ApplicationKeyResponse,
    ApplicationKeysSort, PartialApiKey, PartialApplicationKey,
};
use datadog_key_management::v2::{
    GetApiKeyParams, KeyManagementApi, ListApiKeysParams, ListCurrentUserApplicationKeysParams,
};
use datadog_key_management::{ConfigError, Configuration, Error, Site};
use futures::StreamExt;
use serde::Serialize;

/// Manage Datadog API and application keys (Key Management API v2).
///
/// Credentials come from DD_API_KEY and DD_APP_KEY, the site from DD_SITE
/// (default datadoghq.com).
#[derive(Debug, Parser)]
#[command(name = "keys", version)]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by every command.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Datadog site, e.g. datadoghq.eu (overrides DD_SITE).
    #[arg(long, global = true, value_name = "SITE")]
    pub site: Option<String>,
    /// Send every request to this URL instead of the site's API server
    /// (for a proxy or a local mock).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print the raw JSON of the responses instead of text.
    #[arg(long, global = true)]
    pub json: bool,
}

/// The command groups.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// API keys of the organization.
    #[command(subcommand)]
    Api(ApiCommand),
    /// Application keys of the current user.
    #[command(subcommand)]
    App(AppCommand),
}

/// `keys api ...`
#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// List API keys: id, name, last 4 characters, creation time.
    List(ApiListArgs),
    /// Create an API key and print it (the only time it is shown).
    Create {
        /// Name of the new key.
        name: String,
    },
    /// Create a replacement for a key, named "NAME (rotated YYYY-MM-DD)",
    /// and print it.
    Rotate {
        /// ID of the key to replace.
        id: String,
        /// Delete the old key once the new one has been created and printed.
        #[arg(long)]
        delete_old: bool,
    },
    /// Delete an API key.
    Delete {
        /// ID of the key.
        id: String,
    },
}

/// `keys api list` options.
#[derive(Debug, Clone, Default, Args)]
pub struct ApiListArgs {
    /// Only keys matching this string.
    #[arg(long, value_name = "S")]
    pub filter: Option<String>,
    /// Sort by created_at, last4, modified_at or name; prefix with `-` for
    /// descending order (e.g. -created_at).
    #[arg(long, value_name = "FIELD", allow_hyphen_values = true, value_parser = parse_api_sort)]
    pub sort: Option<ApiKeysSort>,
    /// Keys per page (1 to 100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..=100))]
    pub page_size: Option<i64>,
    /// Walk every page instead of printing the first one.
    #[arg(long)]
    pub all: bool,
}

/// `keys app ...`
#[derive(Debug, Subcommand)]
pub enum AppCommand {
    /// List the current user's application keys: id, name, last 4
    /// characters, creation time, scopes.
    List(AppListArgs),
    /// Create an application key for the current user and print it.
    Create {
        /// Name of the new key.
        name: String,
        /// Restrict the key to this authorization scope (repeatable), e.g.
        /// dashboards_read.
        #[arg(long = "scope", value_name = "S")]
        scopes: Vec<String>,
    },
    /// Delete one of the current user's application keys.
    Delete {
        /// ID of the key.
        id: String,
    },
}

/// `keys app list` options.
#[derive(Debug, Clone, Default, Args)]
pub struct AppListArgs {
    /// Only keys matching this string.
    #[arg(long, value_name = "S")]
    pub filter: Option<String>,
    /// Sort by created_at, last4 or name; prefix with `-` for descending
    /// order (e.g. -created_at).
    #[arg(long, value_name = "FIELD", allow_hyphen_values = true, value_parser = parse_app_sort)]
    pub sort: Option<ApplicationKeysSort>,
    /// Keys per page (1 to 100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..=100))]
    pub page_size: Option<i64>,
    /// Walk every page instead of printing the first one.
    #[arg(long)]
    pub all: bool,
}

// The generated sort enums convert from `String` (unknown values are kept
// and sent as given) but do not implement `FromStr`.
fn parse_api_sort(value: &str) -> Result<ApiKeysSort, std::convert::Infallible> {
    Ok(ApiKeysSort::from(value.to_owned()))
}

fn parse_app_sort(value: &str) -> Result<ApplicationKeysSort, std::convert::Infallible> {
    Ok(ApplicationKeysSort::from(value.to_owned()))
}

/// Why a command failed. The `Display` output is the message printed to
/// stderr; it never contains a key.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Invalid site, base URL, ...
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `DD_API_KEY` or `DD_APP_KEY` is not set.
    #[error("{0} is not set")]
    MissingCredential(&'static str),
    /// The request failed or the server refused it.
    #[error("{}", describe(.0))]
    Api(#[from] Error<ApiErrorResponse>),
    /// A successful response lacks something the command needs.
    #[error("{0}")]
    Incomplete(String),
    /// Writing to stdout failed.
    #[error("could not write the output: {0}")]
    Output(#[from] std::io::Error),
    /// A response could not be encoded as JSON.
    #[error("could not encode the response as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl AppError {
    /// The process exit code: 2 for configuration problems (like clap's
    /// usage errors), 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Config(_) | AppError::MissingCredential(_) => 2,
            _ => 1,
        }
    }

    /// Whether this is a write to a closed pipe (`keys api list | head`),
    /// which is not worth reporting.
    pub fn is_broken_pipe(&self) -> bool {
        use std::io::ErrorKind::BrokenPipe;
        match self {
            AppError::Output(error) => error.kind() == BrokenPipe,
            AppError::Json(error) => error.io_error_kind() == Some(BrokenPipe),
            _ => false,
        }
    }
}

/// The message for a client error: its own `Display` (which never quotes a
/// key or a response body that could hold one), plus, for a transport error,
/// its causes (DNS, TLS, connection refused...).
fn describe(error: &Error<ApiErrorResponse>) -> String {
    let mut text = error.to_string();
    if let Error::Timeout(_) | Error::Connect(_) | Error::Request(_) = error {
        let mut cause = std::error::Error::source(error);
        while let Some(current) = cause {
            text.push_str(": ");
            text.push_str(&current.to_string());
            cause = current.source();
        }
    }
    text
}

/// Builds the client configuration: `DD_SITE`, `DD_API_KEY` and `DD_APP_KEY`
/// read through `lookup` (normally the process environment), then the
/// `--site` and `--base-url` flags.
///
/// Both keys are required: every v2 key management endpoint needs them, and
/// failing here gives a clearer message than the server's 403.
pub fn configuration<F>(global: &GlobalArgs, lookup: F) -> Result<Configuration, AppError>
where
    F: Fn(&str) -> Option<String>,
{
    let site = global
        .site
        .as_deref()
        .map(|site| site.trim().parse::<Site>())
        .transpose()?;
    // With --site, DD_SITE is not read at all, so that the flag can override
    // a DD_SITE that would not parse.
    let mut config = Configuration::from_env_with(|name| {
        if name == "DD_SITE" && site.is_some() {
            None
        } else {
            lookup(name)
        }
    })?;
    if let Some(site) = site {
        config = config.site(site);
    }
    if let Some(url) = &global.base_url {
        config = config.base_url(url)?;
    }
    if config.get_api_key().is_none() {
        return Err(AppError::MissingCredential("DD_API_KEY"));
    }
    if config.get_app_key().is_none() {
        return Err(AppError::MissingCredential("DD_APP_KEY"));
    }
    let user_agent = format!(
        "keys/{} {}",
        env!("CARGO_PKG_VERSION"),
        config.get_user_agent()
    );
    Ok(config.user_agent(user_agent))
}

/// Runs `cli` with the configuration from the process environment, writing
/// the results to `out`.
pub async fn run(cli: Cli, out: &mut impl Write) -> Result<(), AppError> {
    let config = configuration(&cli.global, |name| std::env::var(name).ok())?;
    run_with_config(cli, config, out).await
}

/// Runs `cli` with an explicit configuration (flags in `cli.global` other
/// than `--json` are ignored).
pub async fn run_with_config(
    cli: Cli,
    config: Configuration,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let api = KeyManagementApi::new(config)?;
    let json = cli.global.json;
    match cli.command {
        Command::Api(command) => match command {
            ApiCommand::List(args) => api_list(&api, args, json, out).await,
            ApiCommand::Create { name } => api_create(&api, name, json, out).await,
            ApiCommand::Rotate { id, delete_old } => {
                api_rotate(&api, &id, delete_old, json, out).await
            }
            ApiCommand::Delete { id } => {
                api.delete_api_key(&id).await?;
                print_deleted(out, "API key", &id, json)
            }
        },
        Command::App(command) => match command {
            AppCommand::List(args) => app_list(&api, args, json, out).await,
            AppCommand::Create { name, scopes } => app_create(&api, name, scopes, json, out).await,
            AppCommand::Delete { id } => {
                api.delete_current_user_application_key(&id).await?;
                print_deleted(out, "application key", &id, json)
            }
        },
    }
}

async fn api_list(
    api: &KeyManagementApi,
    args: ApiListArgs,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let mut params = ListApiKeysParams::default();
    if let Some(filter) = args.filter {
        params = params.filter(filter);
    }
    if let Some(sort) = args.sort {
        params = params.sort(sort);
    }
    if let Some(size) = args.page_size {
        params = params.page_size(size);
    }
    if !args.all {
        let response = api.list_api_keys(params).await?;
        if json {
            return write_json(out, &response);
        }
        for key in response.data.as_deref().unwrap_or_default() {
            write_api_key_line(out, key)?;
        }
        return Ok(());
    }
    let stream = api.list_api_keys_stream(params);
    print_stream(stream, json, out, write_api_key_line).await
}

async fn api_create(
    api: &KeyManagementApi,
    name: String,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let request = ApiKeyCreateRequest::from(ApiKeyCreateAttributes::new(name));
    let response = api.create_api_key(request).await?;
    print_created_api_key(out, &response, json)
}

async fn api_rotate(
    api: &KeyManagementApi,
    id: &str,
    delete_old: bool,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let old = api.get_api_key(id, GetApiKeyParams::default()).await?;
    let old = old.data.and_then(|key| key.attributes).unwrap_or_default();
    let name = old
        .name
        .ok_or_else(|| AppError::Incomplete(format!("API key {id} has no name")))?;
    // Keep what the old key was set up with; only the key value changes.
    let mut attributes = ApiKeyCreateAttributes::new(rotated_name(&name, &today_utc()));
    attributes.category = old.category;
    attributes.remote_config_read_enabled = old.remote_config_read_enabled;
    let request = ApiKeyCreateRequest::from(attributes);
    let response = api.create_api_key(request).await?;
    // Print (and flush) the new key before touching the old one: if the
    // deletion fails, the new key must not be lost.
    print_created_api_key(out, &response, json)?;
    out.flush()?;
    if delete_old {
        api.delete_api_key(id).await?;
        if !json {
            writeln!(out, "deleted: {id}")?;
        }
    }
    Ok(())
}

async fn app_list(
    api: &KeyManagementApi,
    args: AppListArgs,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let mut params = ListCurrentUserApplicationKeysParams::default();
    if let Some(filter) = args.filter {
        params = params.filter(filter);
    }
    if let Some(sort) = args.sort {
        params = params.sort(sort);
    }
    if let Some(size) = args.page_size {
        params = params.page_size(size);
    }
    if !args.all {
        let response = api.list_current_user_application_keys(params).await?;
        if json {
            return write_json(out, &response);
        }
        for key in response.data.as_deref().unwrap_or_default() {
            write_app_key_line(out, key)?;
        }
        return Ok(());
    }
    let stream = api.list_current_user_application_keys_stream(params);
    print_stream(stream, json, out, write_app_key_line).await
}

/// Prints every item of a paging stream: one line each as the pages arrive,
/// or, with `--json`, one JSON array at the end.
async fn print_stream<T, W, S>(
    stream: S,
    json: bool,
    out: &mut W,
    write_line: impl Fn(&mut W, &T) -> Result<(), AppError>,
) -> Result<(), AppError>
where
    T: Serialize,
    W: Write,
    S: futures::Stream<Item = Result<T, Error<ApiErrorResponse>>>,
{
    futures::pin_mut!(stream);
    let mut all = Vec::new();
    while let Some(item) = stream.next().await {
        let item = item?;
        if json {
            all.push(item);
        } else {
            write_line(out, &item)?;
        }
    }
    if json {
        write_json(out, &all)?;
    }
    Ok(())
}

async fn app_create(
    api: &KeyManagementApi,
    name: String,
    scopes: Vec<String>,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let attributes = ApplicationKeyCreateAttributes::new(name);
    // No scopes given: leave them out, and the key gets the user's.
    let attributes = if scopes.is_empty() {
        attributes
    } else {
        attributes.with_scopes(scopes)
    };
    let request = ApplicationKeyCreateRequest::from(attributes);
    let response = api.create_current_user_application_key(request).await?;
    print_created_app_key(out, &response, json)
}

fn write_json<T: Serialize + ?Sized>(out: &mut impl Write, value: &T) -> Result<(), AppError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

fn or_dash(value: Option<&str>) -> &str {
    value.filter(|value| !value.is_empty()).unwrap_or("-")
}

/// `id<TAB>name<TAB>last4<TAB>created_at`
fn write_api_key_line(out: &mut impl Write, key: &PartialApiKey) -> Result<(), AppError> {
    let attributes = key.attributes.as_ref();
    writeln!(
        out,
        "{}\t{}\t{}\t{}",
        or_dash(key.id.as_deref()),
        or_dash(attributes.and_then(|a| a.name.as_deref())),
        or_dash(attributes.and_then(|a| a.last4.as_deref())),
        or_dash(attributes.and_then(|a| a.created_at.as_deref())),
    )?;
    Ok(())
}

/// `id<TAB>name<TAB>last4<TAB>created_at<TAB>scopes` (comma-separated, `-`
/// when the key is not scoped).
fn write_app_key_line(out: &mut impl Write, key: &PartialApplicationKey) -> Result<(), AppError> {
    let attributes = key.attributes.as_ref();
    let scopes = attributes
        .and_then(|a| a.scopes.as_option())
        .map(|scopes| scopes.join(","));
    writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}",
        or_dash(key.id.as_deref()),
        or_dash(attributes.and_then(|a| a.name.as_deref())),
        or_dash(attributes.and_then(|a| a.last4.as_deref())),
        or_dash(attributes.and_then(|a| a.created_at.as_deref())),
        or_dash(scopes.as_deref()),
    )?;
    Ok(())
}

fn print_created_api_key(
    out: &mut impl Write,
    response: &ApiKeyResponse,
    json: bool,
) -> Result<(), AppError> {
    if json {
        return write_json(out, response);
    }
    let data = response.data.as_ref();
    let attributes = data.and_then(|d| d.attributes.as_ref());
    let id = data.and_then(|d| d.id.as_deref());
    writeln!(out, "id: {}", or_dash(id))?;
    writeln!(
        out,
        "name: {}",
        or_dash(attributes.and_then(|a| a.name.as_deref()))
    )?;
    match attributes
        .and_then(|a| a.key.as_ref())
        .map(|key| key.expose())
    {
        Some(key) => writeln!(out, "key: {key}")?,
        None => {
            return Err(AppError::Incomplete(format!(
                "the server created API key {} but did not return its value",
                or_dash(id)
            )))
        }
    }
    Ok(())
}

fn print_created_app_key(
    out: &mut impl Write,
    response: &ApplicationKeyResponse,
    json: bool,
) -> Result<(), AppError> {
    if json {
        return write_json(out, response);
    }
    let data = response.data.as_ref();
    let attributes = data.and_then(|d| d.attributes.as_ref());
    let id = data.and_then(|d| d.id.as_deref());
    let scopes = attributes
        .and_then(|a| a.scopes.as_option())
        .map(|scopes| scopes.join(","));
    writeln!(out, "id: {}", or_dash(id))?;
    writeln!(
        out,
        "name: {}",
        or_dash(attributes.and_then(|a| a.name.as_deref()))
    )?;
    writeln!(out, "scopes: {}", or_dash(scopes.as_deref()))?;
    match attributes
        .and_then(|a| a.key.as_ref())
        .map(|key| key.expose())
    {
        Some(key) => writeln!(out, "key: {key}")?,
        None => {
            return Err(AppError::Incomplete(format!(
                "the server created application key {} but did not return its value",
                or_dash(id)
            )))
        }
    }
    Ok(())
}

fn print_deleted(out: &mut impl Write, what: &str, id: &str, json: bool) -> Result<(), AppError> {
    if json {
        write_json(out, &serde_json::json!({ "id": id, "deleted": true }))
    } else {
        writeln!(out, "deleted {what} {id}")?;
        Ok(())
    }
}

/// The name of a rotated key: `name` without a previous rotation suffix,
/// then ` (rotated <date>)`.
pub fn rotated_name(name: &str, date: &str) -> String {
    format!("{} (rotated {date})", strip_rotation_suffix(name))
}

fn strip_rotation_suffix(name: &str) -> &str {
    const MARK: &str = " (rotated";
    let Some(inner) = name.strip_suffix(')') else {
        return name;
    };
    let Some(start) = inner.rfind(MARK) else {
        return name;
    };
    let tail = &inner.as_bytes()[start + MARK.len()..];
    let is_date = |t: &[u8]| {
        t.len() == 11
            && t[0] == b' '
            && t[1..].iter().enumerate().all(|(i, &c)| {
                if i == 4 || i == 7 {
                    c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    if tail.is_empty() || is_date(tail) {
        &name[..start]
    } else {
        name
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
fn today_utc() -> String {
    chrono::Utc::now().date_naive().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    const KEYS: &[(&str, &str)] = &[("DD_API_KEY", "api"), ("DD_APP_KEY", "app")];

    #[test]
    fn today_is_an_iso_date() {
        let today = today_utc();
        assert!(today.parse::<chrono::NaiveDate>().is_ok(), "{today}");
        assert_eq!(today.len(), 10, "{today}");
    }

    #[test]
    fn rotated_names_do_not_stack() {
        assert_eq!(rotated_name("ci", "2024-05-01"), "ci (rotated 2024-05-01)");
        assert_eq!(
            rotated_name("ci (rotated 2024-01-01)", "2024-05-01"),
            "ci (rotated 2024-05-01)"
        );
        assert_eq!(
            rotated_name("ci (rotated)", "2024-05-01"),
            "ci (rotated 2024-05-01)"
        );
        assert_eq!(
            rotated_name("ci (rotated by bob)", "2024-05-01"),
            "ci (rotated by bob) (rotated 2024-05-01)"
        );
        assert_eq!(rotated_name("", "2024-05-01"), " (rotated 2024-05-01)");
    }

    #[test]
    fn site_flag_overrides_an_invalid_dd_site() {
        let global = GlobalArgs {
            site: Some("datadoghq.eu".to_owned()),
            ..GlobalArgs::default()
        };
        const VARS: &[(&str, &str)] = &[
            ("DD_SITE", "nowhere"),
            ("DD_API_KEY", "api"),
            ("DD_APP_KEY", "app"),
        ];
        let config = configuration(&global, env(VARS)).unwrap();
        assert_eq!(config.get_site(), Site::DatadoghqEu);
        let err = configuration(&GlobalArgs::default(), env(VARS)).unwrap_err();
        assert!(err.to_string().contains("datadoghq.eu"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn both_keys_are_required() {
        let global = GlobalArgs::default();
        let err = configuration(&global, env(&[("DD_API_KEY", "api")])).unwrap_err();
        assert_eq!(err.to_string(), "DD_APP_KEY is not set");
        let err = configuration(&global, env(&[("DD_APP_KEY", "app")])).unwrap_err();
        assert_eq!(err.to_string(), "DD_API_KEY is not set");
        assert!(configuration(&global, env(KEYS)).is_ok());
    }

    #[test]
    fn base_url_flag_is_validated() {
        let global = GlobalArgs {
            base_url: Some("ftp://127.0.0.1".to_owned()),
            ..GlobalArgs::default()
        };
        let err = configuration(&global, env(KEYS)).unwrap_err();
        assert!(matches!(err, AppError::Config(_)), "{err:?}");
    }

    #[test]
    fn decode_errors_do_not_quote_the_body() {
        let error: Error<ApiErrorResponse> = Error::Decode {
            operation: "CreateAPIKey",
            status: 201,
            path: "data.attributes.key".to_owned(),
            message: "invalid type: integer, expected a string".to_owned(),
            body_excerpt: r#"{"data":{"attributes":{"key":"SECRET"}}}"#.to_owned().into(),
        };
        let message = AppError::from(error).to_string();
        assert!(!message.contains("SECRET"), "{message}");
        assert!(message.contains("CreateAPIKey"), "{message}");
        assert!(message.contains(" at data.attributes.key: "), "{message}");
    }

    #[test]
    fn sort_values_with_a_leading_dash_parse() {
        let cli = Cli::try_parse_from(["keys", "api", "list", "--sort", "-created_at"]).unwrap();
        match cli.command {
            Command::Api(ApiCommand::List(args)) => {
                assert_eq!(args.sort, Some(ApiKeysSort::CreatedAtDescending));
            }
            other => panic!("{other:?}"),
        }
    }
}
