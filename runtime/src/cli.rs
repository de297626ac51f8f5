//! The command line of a generated client (feature `cli`).
//!
//! Every generated crate has a binary `<crate>-cli` behind its `cli`
//! feature:
//!
//! ```text
//! <crate>-cli [--base-url URL] [--auth SCHEME=VALUE]... [--output json|pretty]
//!     <module> <operation> [--<param> VALUE]... [--param NAME=VALUE]...
//!     [--body FILE|-] [--file FIELD=PATH]... [--all]
//! ```
//!
//! The generated code holds only data (a [`Program`]: modules, operations,
//! their parameters and help) and one `match` arm per operation that reads
//! the arguments into the operation's own types and calls its method; the
//! parsing, the help, the configuration and the printing live here, compiled
//! once. Nothing is derived per operation: the clap command is built at run
//! time from the data.
//!
//! Exit codes: 0 for a success (the response on standard output, as JSON);
//! 1 for a documented error status (the status and the error body on
//! standard error) or any other failure (one line on standard error); 2 for
//! bad usage (clap's message, or a value or body that does not decode, named
//! by its flag and JSON path, before anything is sent).
//!
//! Layer 11: imports from `error`, `operation`, `encoding` and `config`.

use std::ffi::OsString;
use std::fmt;
use std::future::Future;
use std::io::{Read as _, Write as _};
use std::pin::Pin;
use std::process::ExitCode;

use bytes::Bytes;
use clap::{Arg, ArgAction, ArgMatches};
use futures::{Stream, StreamExt as _};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::Settings;
use crate::error::Error;
use crate::operation::{CredentialKind, CredentialSpec, KeyLocation, Profile};
use crate::streaming::EventStream;

/// A generated client's command line: what its binary offers.
#[derive(Debug)]
pub struct Program {
    /// The binary's name, `<crate>-cli`.
    pub name: &'static str,
    /// One line about the API.
    pub about: &'static str,
    /// The client's profile: credentials (for `--auth` and the environment)
    /// and sites.
    pub profile: &'static Profile,
    /// The spec modules, as in the library.
    pub modules: &'static [Module],
}

/// One spec module (`v1`, `v2`) and its operations.
#[derive(Debug)]
pub struct Module {
    /// The module's name, as in the library.
    pub name: &'static str,
    /// One line about it (the spec's title).
    pub about: &'static str,
    /// Its operations, in the spec's order.
    pub operations: &'static [Command],
}

/// One operation as a subcommand.
#[derive(Debug)]
pub struct Command {
    /// The operationId in kebab-case, e.g. `list-api-keys`.
    pub name: &'static str,
    /// The operation's summary (the short help).
    pub summary: &'static str,
    /// The operation's method, path and description (the long help).
    pub description: &'static str,
    /// Its path, query, header and cookie parameters.
    pub params: &'static [Param],
    /// Its request body, if it has one.
    pub body: Option<BodyArg>,
    /// Whether it pages (`--all` follows it to the end).
    pub paginated: bool,
    /// The credentials it sends, for the help (e.g. `apiKeyAuth (DD_API_KEY)`).
    pub credentials: &'static str,
    /// The operationId.
    pub operation_id: &'static str,
    /// Whether the operation is unstable: naming it on the command line
    /// enables it.
    pub unstable: bool,
    /// Reads the arguments, calls the operation and prints its outcome.
    pub run: fn(Invocation) -> Call,
}

/// One parameter as a `--flag`.
#[derive(Debug)]
pub struct Param {
    /// The flag without dashes: the Rust name in kebab-case.
    pub flag: &'static str,
    /// The name in the spec, for `--param NAME=VALUE`.
    pub name: &'static str,
    /// Where it is sent and its description.
    pub help: &'static str,
    /// Whether the operation requires it.
    pub required: bool,
    /// Whether it takes several values (repeat the flag, or one JSON array).
    pub list: bool,
}

/// An operation's request body as `--body FILE`.
#[derive(Debug)]
pub struct BodyArg {
    /// Whether the operation requires it.
    pub required: bool,
    /// What it is, for the help (media type and type name).
    pub help: &'static str,
    /// Whether it is `multipart/form-data` (files come with `--file`).
    pub multipart: bool,
}

/// The boxed future of one call, as [`run`]'s dispatch returns it.
pub type Call = Pin<Box<dyn Future<Output = Result<(), Failure>>>>;

/// Why a call did not succeed, with its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage: a missing or malformed value or body; exit code 2.
    Usage(String),
    /// The server answered with a documented error status; exit code 1.
    Status {
        /// The HTTP status.
        status: u16,
        /// The error body as received.
        body: Bytes,
    },
    /// Anything else (network, decoding, configuration); exit code 1.
    Other(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) | Failure::Other(message) => f.write_str(message),
            Failure::Status { status, .. } => write!(f, "HTTP {status}"),
        }
    }
}

impl<E> From<Error<E>> for Failure {
    fn from(error: Error<E>) -> Self {
        match error {
            Error::Api(response) => Failure::Status {
                status: response.status,
                body: response.raw,
            },
            Error::MissingCredential {
                operation,
                scheme,
                credential,
                variable,
                alternatives,
                ..
            } => Failure::Other(missing_credential(
                operation,
                scheme,
                credential,
                variable,
                &alternatives,
            )),
            other => Failure::Other(other.to_string()),
        }
    }
}

/// [`Error::MissingCredential`] as a command-line user mends it: with
/// `--auth`, not the library's setter.
fn missing_credential(
    operation: &str,
    scheme: &str,
    credential: &str,
    variable: Option<&str>,
    alternatives: &[&str],
) -> String {
    let mut message = format!(
        "operation {operation} needs the {credential} (security scheme `{scheme}`), which is not configured: give `--auth {scheme}=...`"
    );
    if let Some(variable) = variable {
        message.push_str(&format!(" or set {variable}"));
    }
    if !alternatives.is_empty() {
        let others: Vec<String> = alternatives
            .iter()
            .map(|other| format!("`--auth {other}=...`"))
            .collect();
        message.push_str(&format!("; or instead {}", others.join(" or ")));
    }
    message
}

impl From<crate::error::ConfigError> for Failure {
    fn from(error: crate::error::ConfigError) -> Self {
        Failure::Other(error.to_string())
    }
}

/// How a success is printed (`--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Json,
    Pretty,
}

/// One parsed invocation: the operation chosen and its arguments.
#[derive(Debug)]
pub struct Invocation {
    program: &'static Program,
    module: &'static Module,
    command: &'static Command,
    matches: ArgMatches,
    global: ArgMatches,
    output: Output,
}

/// Parses the process's arguments, runs the chosen operation on a
/// current-thread runtime, prints the outcome and returns the exit code.
pub fn run(program: &'static Program) -> ExitCode {
    run_from(program, std::env::args_os())
}

/// [`run`] with the arguments given (the first is the binary's name).
pub fn run_from(
    program: &'static Program,
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
) -> ExitCode {
    let invocation = match Invocation::parse(program, args) {
        Ok(invocation) => invocation,
        Err(error) => {
            // Help and version go to stdout with 0, usage errors to stderr
            // with 2, as clap decides.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return report(&Failure::Other(format!("cannot start: {error}"))),
    };
    let run = invocation.command.run;
    match runtime.block_on(run(invocation)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}

/// Prints a failure on standard error and returns its exit code.
fn report(failure: &Failure) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    match failure {
        Failure::Usage(message) => {
            let _ = writeln!(
                stderr,
                "error: {message}\n\nFor more information, try '--help'."
            );
            ExitCode::from(2)
        }
        Failure::Status { status, body } => {
            let _ = writeln!(stderr, "HTTP {status}");
            let _ = writeln!(stderr, "{}", body_text(body, Output::Pretty));
            ExitCode::from(1)
        }
        Failure::Other(message) => {
            let _ = writeln!(stderr, "error: {}", one_line(message));
            ExitCode::from(1)
        }
    }
}

/// An error body for standard error: pretty JSON when it is JSON, else its
/// text as received.
fn body_text(body: &[u8], output: Output) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => json_text(&value, output),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

/// `message` on one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json_text(value: &impl Serialize, output: Output) -> String {
    let text = match output {
        Output::Json => serde_json::to_string(value),
        Output::Pretty => serde_json::to_string_pretty(value),
    };
    // Serializing a decoded response cannot fail: its maps have string keys.
    text.unwrap_or_else(|error| format!("\"(could not print the response: {error})\""))
}

impl Invocation {
    /// Parses `args` against the program's commands.
    fn parse(
        program: &'static Program,
        args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    ) -> Result<Self, clap::Error> {
        let global = command_line(program).try_get_matches_from(args)?;
        let (module_name, module_matches) = global
            .subcommand()
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::MissingSubcommand))?;
        let module = program
            .modules
            .iter()
            .find(|m| m.name == module_name)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidSubcommand))?;
        let (command_name, matches) = module_matches
            .subcommand()
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::MissingSubcommand))?;
        let command = module
            .operations
            .iter()
            .find(|c| c.name == command_name)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidSubcommand))?;
        let output = match global.get_one::<String>("output").map(String::as_str) {
            Some("json") => Output::Json,
            _ => Output::Pretty,
        };
        let matches = matches.clone();
        Ok(Invocation {
            program,
            module,
            command,
            matches,
            global,
            output,
        })
    }

    /// The module chosen, e.g. `v2`.
    pub fn module(&self) -> &'static str {
        self.module.name
    }

    /// The operation chosen, in kebab-case, e.g. `list-api-keys`.
    pub fn operation(&self) -> &'static str {
        self.command.name
    }

    /// The settings of the call: the environment variables the client
    /// reads, then `--base-url` and each `--auth SCHEME=VALUE`.
    pub fn settings(&self) -> Result<Settings, Failure> {
        let profile = self.program.profile;
        let mut settings = Settings::from_env(profile)?;
        if let Some(url) = self.global.get_one::<String>("base-url") {
            settings = settings.base_url(url)?;
        }
        for pair in self.global.get_many::<String>("auth").into_iter().flatten() {
            let (scheme, value) = split_pair(pair, "--auth", "SCHEME=VALUE")?;
            if !profile.credentials.iter().any(|c| c.scheme == scheme) {
                return Err(Failure::Usage(format!(
                    "--auth: `{scheme}` is not a security scheme of this API; it has {}",
                    scheme_list(profile)
                )));
            }
            settings = settings.credential(scheme, value);
        }
        if self.command.unstable {
            settings = settings.enable_unstable(self.command.operation_id);
        }
        Ok(settings)
    }

    /// Whether `--all` was given (only a paged operation has it).
    pub fn all(&self) -> bool {
        self.command.paginated && self.matches.get_flag("all")
    }

    /// The value of a required parameter, by its flag.
    pub fn required<T: DeserializeOwned>(&self, flag: &str) -> Result<T, Failure> {
        self.optional(flag)?
            .ok_or_else(|| Failure::Usage(format!("the argument '--{flag} <VALUE>' is required")))
    }

    /// The value of an optional parameter, by its flag.
    pub fn optional<T: DeserializeOwned>(&self, flag: &str) -> Result<Option<T>, Failure> {
        match self.values(flag)?.as_slice() {
            [] => Ok(None),
            [value] => parse_value(flag, value).map(Some),
            _ => Err(Failure::Usage(format!(
                "the argument '--{flag}' takes one value"
            ))),
        }
    }

    /// The values of a required list parameter, by its flag.
    pub fn required_list<T: DeserializeOwned>(&self, flag: &str) -> Result<Vec<T>, Failure> {
        self.optional_list(flag)?
            .ok_or_else(|| Failure::Usage(format!("the argument '--{flag} <VALUE>' is required")))
    }

    /// The values of an optional list parameter: the flag repeated, or one
    /// JSON array.
    pub fn optional_list<T: DeserializeOwned>(
        &self,
        flag: &str,
    ) -> Result<Option<Vec<T>>, Failure> {
        let values = self.values(flag)?;
        if values.is_empty() {
            return Ok(None);
        }
        if let [one] = values.as_slice() {
            if let Ok(list) = serde_json::from_str::<Vec<T>>(one) {
                return Ok(Some(list));
            }
        }
        values
            .iter()
            .map(|value| parse_value(flag, value))
            .collect::<Result<Vec<T>, _>>()
            .map(Some)
    }

    /// Every value given for the parameter with this flag: `--flag VALUE`,
    /// then `--param NAME=VALUE` by its name in the spec.
    fn values(&self, flag: &str) -> Result<Vec<String>, Failure> {
        let param = self
            .command
            .params
            .iter()
            .find(|p| p.flag == flag)
            .ok_or_else(|| Failure::Other(format!("no parameter --{flag}")))?;
        let mut values: Vec<String> = self
            .matches
            .get_many::<String>(flag)
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        for pair in self.params()? {
            if pair.0 == param.name {
                values.push(pair.1.to_owned());
            }
        }
        Ok(values)
    }

    /// The `--param NAME=VALUE` pairs, each naming a parameter.
    fn params(&self) -> Result<Vec<(&str, &str)>, Failure> {
        let mut pairs = Vec::new();
        for pair in self
            .matches
            .get_many::<String>("param")
            .into_iter()
            .flatten()
        {
            let (name, value) = split_pair(pair, "--param", "NAME=VALUE")?;
            if !self.command.params.iter().any(|p| p.name == name) {
                let names: Vec<&str> = self.command.params.iter().map(|p| p.name).collect();
                return Err(Failure::Usage(format!(
                    "--param: `{name}` is not a parameter of {}; it has {}",
                    self.command.name,
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                )));
            }
            pairs.push((name, value));
        }
        Ok(pairs)
    }

    /// The body from `--body FILE` (or `-`, standard input), decoded into
    /// the operation's body type: a body that does not fit is refused with
    /// its JSON path before anything is sent.
    pub fn body<T: DeserializeOwned>(&self) -> Result<Option<T>, Failure> {
        let Some(bytes) = self.body_bytes()? else {
            return Ok(None);
        };
        // As the client reads responses: the path and what was wrong,
        // never the value (a body may hold a secret).
        crate::located::from_slice(&bytes)
            .map(Some)
            .map_err(|located| {
                let path = located.path.to_string();
                let at = if path == "." || path.is_empty() {
                    String::new()
                } else {
                    format!(" at {path}")
                };
                Failure::Usage(format!("--body{at}: {}", located.reason))
            })
    }

    /// The body as text (a `text/*` body).
    pub fn text_body(&self) -> Result<Option<String>, Failure> {
        self.body_bytes()?
            .map(|bytes| {
                String::from_utf8(bytes.to_vec())
                    .map_err(|_| Failure::Usage("--body: the file is not UTF-8 text".to_owned()))
            })
            .transpose()
    }

    /// The body as bytes, sent as they are.
    pub fn bytes_body(&self) -> Result<Option<Bytes>, Failure> {
        self.body_bytes()
    }

    /// The body as it is, sent as `content_type` (a body the spec offers in
    /// several media types, or without a schema).
    pub fn raw_body(&self, content_type: &str) -> Result<Option<crate::encoding::Body>, Failure> {
        self.body_bytes()?
            .map(|bytes| {
                crate::encoding::Body::raw(bytes, content_type).map_err(|_| {
                    Failure::Other(format!("`{content_type}` is not a valid Content-Type"))
                })
            })
            .transpose()
    }

    /// A `multipart/form-data` body: its fields from `--body` (a JSON
    /// object; `{}` when absent), each file part of `files` (names in the
    /// spec) from `--file FIELD=PATH`, repeated for a list of files.
    pub fn multipart_body<T: DeserializeOwned>(
        &self,
        files: &[&str],
    ) -> Result<Option<T>, Failure> {
        let mut object = match self.body::<serde_json::Value>()? {
            Some(serde_json::Value::Object(object)) => object,
            Some(_) => {
                return Err(Failure::Usage(
                    "--body: a multipart body's fields are a JSON object".to_owned(),
                ))
            }
            None => serde_json::Map::new(),
        };
        let given = self.files()?;
        if given.is_empty() && object.is_empty() {
            return Ok(None);
        }
        for (field, path) in &given {
            if !files.contains(field) {
                return Err(Failure::Usage(format!(
                    "--file: `{field}` is not a file of this body; it has {}",
                    if files.is_empty() {
                        "none".to_owned()
                    } else {
                        files.join(", ")
                    }
                )));
            }
            let bytes = std::fs::read(path)
                .map_err(|error| Failure::Usage(format!("--file {field}: {path}: {error}")))?;
            let value = serde_json::Value::from(bytes);
            match object.get_mut(*field) {
                Some(serde_json::Value::Array(list)) => list.push(value),
                Some(existing) if given.iter().filter(|(f, _)| f == field).count() > 1 => {
                    *existing = serde_json::Value::Array(vec![existing.take(), value]);
                }
                _ if given.iter().filter(|(f, _)| f == field).count() > 1 => {
                    object.insert((*field).to_owned(), serde_json::Value::Array(vec![value]));
                }
                _ => {
                    object.insert((*field).to_owned(), value);
                }
            }
        }
        serde_path_to_error::deserialize(serde_json::Value::Object(object))
            .map(Some)
            .map_err(|error| {
                let path = error.path().to_string();
                Failure::Usage(format!("--body at {path}: {}", error.into_inner()))
            })
    }

    /// The `--file FIELD=PATH` pairs.
    fn files(&self) -> Result<Vec<(&str, &str)>, Failure> {
        self.matches
            .get_many::<String>("file")
            .into_iter()
            .flatten()
            .map(|pair| split_pair(pair, "--file", "FIELD=PATH"))
            .collect()
    }

    /// A required body: clap refuses a call without `--body`, so this is
    /// only reached by a multipart body given neither fields nor files.
    pub fn need<T>(&self, body: Option<T>) -> Result<T, Failure> {
        body.ok_or_else(|| {
            Failure::Usage(
                "the request body is required: give --body FILE or --file FIELD=PATH".to_owned(),
            )
        })
    }

    fn body_bytes(&self) -> Result<Option<Bytes>, Failure> {
        let Some(source) = self
            .command
            .body
            .as_ref()
            .and_then(|_| self.matches.get_one::<String>("body"))
        else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        let read = if source == "-" {
            std::io::stdin().lock().read_to_end(&mut bytes).map(drop)
        } else {
            std::fs::File::open(source).and_then(|mut file| file.read_to_end(&mut bytes).map(drop))
        };
        read.map_err(|error| Failure::Usage(format!("--body {source}: {error}")))?;
        Ok(Some(Bytes::from(bytes)))
    }

    /// Prints a JSON success on standard output.
    pub fn print_json<T: Serialize, E>(&self, result: Result<T, Error<E>>) -> Result<(), Failure> {
        let value = result?;
        print_line(&json_text(&value, self.output))
    }

    /// Prints a text success as it came.
    pub fn print_text<E>(&self, result: Result<String, Error<E>>) -> Result<(), Failure> {
        let text = result?;
        print_line(&text)
    }

    /// Writes a binary success to standard output as it came.
    pub fn print_bytes<E>(&self, result: Result<Bytes, Error<E>>) -> Result<(), Failure> {
        let bytes = result?;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&bytes)
            .and_then(|()| stdout.flush())
            .map_err(|error| Failure::Other(format!("cannot write the response: {error}")))
    }

    /// A success without a body prints nothing.
    pub fn print_empty<E>(&self, result: Result<(), Error<E>>) -> Result<(), Failure> {
        result.map_err(Failure::from)
    }

    /// Prints every event of an event stream as it arrives, one JSON
    /// document per line.
    pub async fn print_events<T: DeserializeOwned + Serialize, E: DeserializeOwned>(
        &self,
        result: Result<EventStream<T, E>, Error<E>>,
    ) -> Result<(), Failure> {
        self.print_all(result?).await
    }

    /// Prints every item of a paged stream, one JSON document per line.
    pub async fn print_all<T: Serialize, E>(
        &self,
        items: impl Stream<Item = Result<T, Error<E>>>,
    ) -> Result<(), Failure> {
        let mut items = std::pin::pin!(items);
        while let Some(item) = items.next().await {
            print_line(&json_text(&item?, Output::Json))?;
        }
        Ok(())
    }
}

fn print_line(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")
        .and_then(|()| stdout.flush())
        .map_err(|error| Failure::Other(format!("cannot write the response: {error}")))
}

/// `NAME=VALUE` split at its first `=`.
fn split_pair<'a>(pair: &'a str, flag: &str, shape: &str) -> Result<(&'a str, &'a str), Failure> {
    pair.split_once('=')
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| Failure::Usage(format!("{flag} takes {shape}, not `{pair}`")))
}

fn scheme_list(profile: &Profile) -> String {
    if profile.credentials.is_empty() {
        return "none".to_owned();
    }
    let names: Vec<&str> = profile.credentials.iter().map(|c| c.scheme).collect();
    names.join(", ")
}

/// A value of `flag` as `T`: its JSON reading first (numbers, booleans,
/// objects, arrays), else the text itself as a JSON string (names, dates,
/// enum values), so `--name 123` is still the string "123" when the
/// parameter is a string.
fn parse_value<T: DeserializeOwned>(flag: &str, text: &str) -> Result<T, Failure> {
    if let Ok(value) = serde_json::from_str::<T>(text) {
        return Ok(value);
    }
    serde_json::from_value::<T>(serde_json::Value::String(text.to_owned()))
        .map_err(|error| Failure::Usage(format!("invalid value for '--{flag}': {error}")))
}

/// The clap command of the whole program, built from its data.
fn command_line(program: &'static Program) -> clap::Command {
    let mut root = clap::Command::new(program.name)
        .about(program.about)
        .subcommand_required(true)
        .arg_required_else_help(true)
        // An operation may be called `help`.
        .disable_help_subcommand(true)
        .arg(
            Arg::new("base-url")
                .long("base-url")
                .value_name("URL")
                .global(true)
                .help("Send every request to URL instead of the API's server"),
        )
        .arg(
            Arg::new("auth")
                .long("auth")
                .value_name("SCHEME=VALUE")
                .action(ArgAction::Append)
                .global(true)
                .help(auth_help(program.profile)),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .value_name("FORMAT")
                .value_parser(["json", "pretty"])
                .default_value("pretty")
                .global(true)
                .help("How a JSON response is printed"),
        );
    for module in program.modules {
        let mut sub = clap::Command::new(module.name)
            .about(module.about)
            .disable_help_subcommand(true)
            .subcommand_required(true)
            .arg_required_else_help(true);
        for command in module.operations {
            sub = sub.subcommand(operation_command(command));
        }
        root = root.subcommand(sub);
    }
    root
}

/// The help of `--auth`: each scheme, what VALUE is for it, and the
/// variables read.
fn auth_help(profile: &Profile) -> String {
    if profile.credentials.is_empty() {
        return "A credential by security scheme (repeatable); this API has none".to_owned();
    }
    let schemes: Vec<String> = profile.credentials.iter().map(scheme_help).collect();
    format!(
        "A credential by security scheme, as SCHEME=VALUE (repeatable): {}",
        schemes.join("; ")
    )
}

/// How `--auth` takes the credential of `spec`, and the variables it is
/// also read from.
fn scheme_help(spec: &CredentialSpec) -> String {
    let value = match spec.kind {
        CredentialKind::ApiKey { location, name } => {
            let place = match location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query parameter",
                KeyLocation::Cookie => "cookie",
            };
            format!("KEY, sent in the {name} {place}")
        }
        CredentialKind::Basic => "USER:PASSWORD, sent as HTTP basic authentication".to_owned(),
        CredentialKind::Bearer => "TOKEN, sent as a bearer token".to_owned(),
        CredentialKind::Http { scheme } => format!("VALUE, sent as Authorization: {scheme} VALUE"),
        CredentialKind::OAuth2 { .. } | CredentialKind::OpenIdConnect { .. } => {
            "TOKEN, an access token sent as a bearer token".to_owned()
        }
    };
    let mut help = format!("{}={value}", spec.scheme);
    if !spec.env.is_empty() {
        let parts = spec.kind.parts();
        let vars: Vec<String> = spec
            .env
            .iter()
            .zip(parts)
            .map(|(var, part)| format!("{var} ({part})"))
            .collect();
        help.push_str(&format!(", or from {}", vars.join(" and ")));
    }
    help
}

/// The subcommand of one operation.
fn operation_command(command: &'static Command) -> clap::Command {
    let mut long_about = command.description.to_owned();
    if !command.credentials.is_empty() {
        long_about.push_str("\n\nCredentials: ");
        long_about.push_str(command.credentials);
    }
    let mut sub = clap::Command::new(command.name)
        .about(command.summary)
        .long_about(long_about);
    for param in command.params {
        let mut help = param.help.to_owned();
        if param.required {
            help.push_str(" [required]");
        }
        // Values such as `-created_at` (a descending sort) or `-1`. Under
        // a heading of their own: clap would otherwise interleave them with
        // the global options by their positions in two lists.
        let mut arg = Arg::new(param.flag)
            .long(param.flag)
            .value_name("VALUE")
            .allow_hyphen_values(true)
            .help_heading("Parameters")
            .help(help);
        if param.list {
            arg = arg.action(ArgAction::Append);
        }
        sub = sub.arg(arg);
    }
    sub = sub.arg(
        Arg::new("param")
            .long("param")
            .value_name("NAME=VALUE")
            .action(ArgAction::Append)
            .allow_hyphen_values(true)
            .help("Any parameter by its name in the spec, e.g. page[size]=10 (repeatable)"),
    );
    if let Some(body) = &command.body {
        sub = sub.arg(
            Arg::new("body")
                .long("body")
                .value_name("FILE")
                .required(body.required && !body.multipart)
                .help(format!(
                    "The request body ({}) from FILE, or - for standard input",
                    body.help
                )),
        );
        if body.multipart {
            sub = sub.arg(
                Arg::new("file")
                    .long("file")
                    .value_name("FIELD=PATH")
                    .action(ArgAction::Append)
                    .help("A file part of the multipart body (repeatable)"),
            );
        }
    }
    if command.paginated {
        sub = sub.arg(
            Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .help("Follow the pages to the end; print one JSON item per line"),
        );
    }
    sub
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::span;

    static PROFILE: Profile = Profile {
        name: "Pets",
        sites: &[],
        default_site: 0,
        site_variable: None,
        site_env: None,
        credentials: &[
            CredentialSpec {
                scheme: "apiKey",
                kind: CredentialKind::ApiKey {
                    location: KeyLocation::Header,
                    name: "X-Api-Key",
                },
                label: "API key",
                setter: None,
                env: &[],
            },
            CredentialSpec {
                scheme: "login",
                kind: CredentialKind::Basic,
                label: "login",
                setter: None,
                env: &["PETS_USER", "PETS_PASSWORD"],
            },
            CredentialSpec {
                scheme: "oauth",
                kind: CredentialKind::OAuth2 {
                    token_url: Some("https://auth.example/token"),
                },
                label: "token",
                setter: None,
                env: &[],
            },
        ],
        user_agent: "pets/1",
        span,
    };

    static PROGRAM: Program = Program {
        name: "pets-cli",
        about: "Pets",
        profile: &PROFILE,
        modules: &[Module {
            name: "v1",
            about: "Pets v1",
            operations: &[Command {
                name: "list-pets",
                summary: "List pets",
                description: "GET /pets",
                params: &[
                    Param {
                        flag: "page-size",
                        name: "page[size]",
                        help: "query",
                        required: true,
                        list: false,
                    },
                    Param {
                        flag: "tags",
                        name: "tags",
                        help: "query",
                        required: false,
                        list: true,
                    },
                    Param {
                        flag: "name",
                        name: "name",
                        help: "query",
                        required: false,
                        list: false,
                    },
                ],
                body: Some(BodyArg {
                    required: false,
                    help: "application/json",
                    multipart: false,
                }),
                paginated: true,
                credentials: "apiKey",
                operation_id: "ListPets",
                unstable: false,
                run: |_| Box::pin(async { Ok(()) }),
            }],
        }],
    };

    fn parse(args: &[&str]) -> Result<Invocation, clap::Error> {
        Invocation::parse(
            &PROGRAM,
            std::iter::once("pets-cli").chain(args.iter().copied()),
        )
    }

    fn usage(failure: Failure) -> String {
        match failure {
            Failure::Usage(message) => message,
            other => panic!("not a usage error: {other:?}"),
        }
    }

    #[test]
    fn an_operations_help_lists_its_parameters_apart_from_the_global_options() {
        let error = parse(&["v1", "list-pets", "--help"]).err().unwrap();
        assert_eq!(error.kind(), clap::error::ErrorKind::DisplayHelp);
        let help = error.to_string();
        let (options, parameters) = help
            .split_once("Parameters:")
            .unwrap_or_else(|| panic!("{help}"));
        for global in [
            "--base-url",
            "--auth",
            "--output",
            "--param",
            "--body",
            "--all",
        ] {
            assert!(options.contains(global), "{global}: {help}");
        }
        for (flag, text) in [
            ("--page-size <VALUE>", "query [required]"),
            ("--tags <VALUE>", "query"),
            ("--name <VALUE>", "query"),
        ] {
            assert!(!options.contains(flag), "{flag}: {help}");
            assert!(parameters.contains(flag), "{flag}: {help}");
            assert!(parameters.contains(text), "{text}: {help}");
        }
    }

    #[test]
    fn a_missing_credential_names_the_auth_flag_that_gives_it() {
        let failure = Failure::from(Error::<()>::MissingCredential {
            operation: "listPets",
            scheme: "login",
            credential: "login",
            setter: "Settings::basic_auth",
            variable: Some("PETS_USER"),
            alternatives: vec!["apiKey"],
        });
        assert_eq!(
            failure.to_string(),
            "operation listPets needs the login (security scheme `login`), which is not configured: \
             give `--auth login=...` or set PETS_USER; or instead `--auth apiKey=...`"
        );
        let failure = Failure::from(Error::<()>::MissingCredential {
            operation: "listPets",
            scheme: "apiKey",
            credential: "API key",
            setter: "Settings::api_key",
            variable: None,
            alternatives: Vec::new(),
        });
        assert_eq!(
            failure.to_string(),
            "operation listPets needs the API key (security scheme `apiKey`), which is not configured: \
             give `--auth apiKey=...`"
        );
    }

    #[test]
    fn flags_and_params_by_spec_name_give_typed_values() {
        let call = parse(&[
            "v1",
            "list-pets",
            "--param",
            "page[size]=10",
            "--name",
            "123",
            "--tags",
            "a",
            "--tags",
            "b",
        ])
        .unwrap();
        assert_eq!((call.module(), call.operation()), ("v1", "list-pets"));
        assert_eq!(call.required::<i64>("page-size").unwrap(), 10);
        // A string parameter keeps digits as text.
        assert_eq!(
            call.optional::<String>("name").unwrap().as_deref(),
            Some("123")
        );
        assert_eq!(
            call.optional_list::<String>("tags").unwrap(),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert!(!call.all());
    }

    #[test]
    fn a_list_may_be_one_json_array_and_objects_are_json() {
        let call = parse(&[
            "v1",
            "list-pets",
            "--page-size",
            "2",
            "--tags",
            "[1, 2]",
            "--name",
            "{\"a\": 1}",
        ])
        .unwrap();
        assert_eq!(call.optional_list::<i64>("tags").unwrap(), Some(vec![1, 2]));
        assert_eq!(
            call.optional::<serde_json::Value>("name").unwrap(),
            Some(serde_json::json!({"a": 1}))
        );
    }

    #[test]
    fn wrong_and_missing_values_are_usage_errors_naming_the_flag() {
        let call = parse(&["v1", "list-pets", "--page-size", "ten"]).unwrap();
        let message = usage(call.required::<i64>("page-size").unwrap_err());
        assert!(message.contains("--page-size"), "{message}");
        let call = parse(&["v1", "list-pets"]).unwrap();
        let message = usage(call.required::<i64>("page-size").unwrap_err());
        assert_eq!(message, "the argument '--page-size <VALUE>' is required");
        let call = parse(&["v1", "list-pets", "--param", "nope=1"]).unwrap();
        let message = usage(call.optional::<String>("name").unwrap_err());
        assert!(
            message.contains("`nope` is not a parameter of list-pets"),
            "{message}"
        );
    }

    #[test]
    fn a_body_that_does_not_fit_names_its_json_path() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Pet {
            name: String,
            age: u32,
        }
        let dir = std::env::temp_dir().join(format!("cli-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pet.json");
        std::fs::write(&file, br#"{"name": "Rex", "age": "old"}"#).unwrap();
        let call = parse(&["v1", "list-pets", "--body", file.to_str().unwrap()]).unwrap();
        let message = usage(call.body::<Pet>().unwrap_err());
        assert!(
            message.starts_with("--body at age: invalid type: string"),
            "{message}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn auth_names_a_scheme_of_the_api() {
        let call = parse(&["--auth", "apiKey=SECRET1", "v1", "list-pets", "--all"]).unwrap();
        let settings = call.settings().unwrap();
        assert_eq!(
            settings.get_credential("apiKey").map(|s| s.expose()),
            Some("SECRET1")
        );
        assert!(call.all());
        let call = parse(&["v1", "list-pets", "--auth", "bearer=x"]).unwrap();
        let message = usage(call.settings().unwrap_err());
        assert!(message.contains("it has apiKey"), "{message}");
        assert!(
            !message.contains('x') || !message.contains("=x"),
            "{message}"
        );
    }

    #[test]
    fn auth_takes_user_and_password_for_basic_and_a_token_for_oauth2() {
        let call = parse(&[
            "--auth",
            "login=ann:s3cr:et",
            "--auth",
            "oauth=TOKEN1",
            "v1",
            "list-pets",
        ])
        .unwrap();
        let settings = call.settings().unwrap();
        assert!(settings.has_credential("login"));
        // An access token as it is, though the scheme has a client-credentials flow.
        assert_eq!(
            settings.get_credential("oauth").map(|s| s.expose()),
            Some("TOKEN1")
        );
        let debug = format!("{settings:?}");
        assert!(
            !debug.contains("s3cr") && !debug.contains("TOKEN1"),
            "{debug}"
        );
    }

    #[test]
    fn auth_help_says_how_each_scheme_is_given() {
        assert_eq!(
            auth_help(&PROFILE),
            "A credential by security scheme, as SCHEME=VALUE (repeatable): \
             apiKey=KEY, sent in the X-Api-Key header; \
             login=USER:PASSWORD, sent as HTTP basic authentication, or from PETS_USER (user) and PETS_PASSWORD (password); \
             oauth=TOKEN, an access token sent as a bearer token"
        );
    }

    #[test]
    fn usage_errors_come_from_clap() {
        let error = parse(&["v1", "list-pets", "--unknown"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        let error = parse(&["v1", "list-pets", "--help"]).unwrap_err();
        assert_eq!(error.exit_code(), 0);
        let help = error.render().to_string();
        assert!(
            help.contains("GET /pets") && help.contains("--page-size"),
            "{help}"
        );
        assert!(help.contains("Credentials: apiKey"), "{help}");
    }
}
