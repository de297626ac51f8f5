//! The `clientgen` command line: arguments, and each command's run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::api_diff::{self, PublicApi};
use generator::lower::CredentialInfo;
use generator::naming::Reserved;
use generator::{Config, CrateInfo, SpecInput};

use crate::config::GenConfig;
use crate::emit::{self, Mode, Target};
use crate::filter::OperationFilter;
use crate::project::{Project, RuntimeMode};

/// `clientgen --help`.
pub const USAGE: &str = "\
usage: clientgen generate [OPTIONS] --out DIR
           generate a client crate from OpenAPI 3.0/3.1 specs into DIR (replaced in one step,
           left as it was if anything fails); ends with how its public API changed
       clientgen check [OPTIONS] --out DIR
           generate in memory and compare with DIR (and the shared runtime); exit 1 with a
           diff when they differ
       clientgen api-diff OLD NEW [--config FILE] [--crate-name NAME]
           how the public API generated from spec file NEW differs from OLD's: each change
           breaking or compatible, and the semver bump it implies
       clientgen runtime DIR
           write the shared runtime (package clientgen-runtime) into DIR, or check it
       clientgen --version

options of generate and check (flags win over the config file):
  --config FILE                  a generation config (TOML; see the README)
  --spec [MODULE=]FILE           a spec, repeatable, in module order (module: the file's stem)
  --out DIR                      the output directory
  --crate-name NAME              the package name
  --crate-version VERSION        the package version (0.1.0)
  --description TEXT             the package description
  --user-agent TEXT              the User-Agent (NAME/VERSION)
  --span-name NAME               the per-attempt tracing span (http.request)
  --site-env VAR                 the environment variable naming the site
  --credential-env SCHEME=VAR[,VAR]  the environment variables of a security scheme's
                                 credential, one per part (basic: user,password)
  --include OPERATION_ID         generate only these operations (repeatable)
  --exclude OPERATION_ID         leave these operations out (repeatable)
  --runtime DIR                  depend on the shared runtime in DIR (written if missing,
                                 checked if present) instead of a copy in DIR/runtime
  --check                        compare instead of writing (as `check`)
  --skip-invalid-operations      leave out an operation that breaks the spec's rules (a warning
                                 names its pointer and why) instead of refusing the spec
  --bundle FILE                  also write the one-document spec read (all files its `$ref`s
                                 name bundled in), as JSON for FILE.json, otherwise YAML
  --feature TAG=FEATURE          the cargo feature of the operations tagged TAG (repeatable;
                                 several tags may share one); other tags get their name in
                                 kebab case (`Key Management` -> key-management)
  --features-per-tag MODE        on, off or auto (default): one cargo feature per tag, all in
                                 `default`; auto turns them on from 100 operations, or when
                                 a feature is named";

/// Runs `clientgen ARGS` (without the program name).
pub fn main_with(args: &[&str]) -> ExitCode {
    match args {
        [] | ["help" | "--help" | "-h"] | [_, "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        ["--version" | "-V"] => {
            println!("clientgen {}", crate::VERSION);
            ExitCode::SUCCESS
        }
        ["generate", rest @ ..] => usage_or(GenerateArgs::parse(rest), |a| {
            generate(&a, "clientgen generate")
        }),
        ["check", rest @ ..] => usage_or(GenerateArgs::parse(rest), |mut a| {
            a.check = true;
            generate(&a, "clientgen generate")
        }),
        ["api-diff", rest @ ..] => usage_or(ApiDiffArgs::parse(rest), |a| api_diff(&a)),
        ["runtime", dir] => match emit::shared_runtime(Path::new(dir), Mode::Write) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn usage_or<T>(parsed: Result<T, String>, run: impl FnOnce(T) -> ExitCode) -> ExitCode {
    match parsed {
        Ok(args) => run(args),
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// What `generate` and `check` were asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateArgs {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--spec [MODULE=]FILE`: the module, if given, and the file.
    pub specs: Vec<(Option<String>, PathBuf)>,
    /// `--out DIR`.
    pub out: Option<PathBuf>,
    /// `--crate-name`.
    pub crate_name: Option<String>,
    /// `--crate-version`.
    pub crate_version: Option<String>,
    /// `--description`.
    pub description: Option<String>,
    /// `--user-agent`.
    pub user_agent: Option<String>,
    /// `--span-name`.
    pub span_name: Option<String>,
    /// `--site-env`.
    pub site_env: Option<String>,
    /// `--credential-env SCHEME=VAR`.
    pub credential_env: Vec<(String, String)>,
    /// `--include`.
    pub include: Vec<String>,
    /// `--exclude`.
    pub exclude: Vec<String>,
    /// `--runtime DIR`.
    pub runtime: Option<PathBuf>,
    /// `--check`.
    pub check: bool,
    /// `--skip-invalid-operations`.
    pub skip_invalid_operations: bool,
    /// `--bundle FILE`.
    pub bundle: Option<PathBuf>,
    /// `--feature TAG=FEATURE`.
    pub features: Vec<(String, String)>,
    /// `--features-per-tag MODE`.
    pub features_per_tag: Option<String>,
}

/// `NAME=VALUE`, both non-empty.
fn pair(flag: &str, value: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((name, value)) if !name.is_empty() && !value.is_empty() => {
            Ok((name.to_owned(), value.to_owned()))
        }
        _ => Err(format!("`{flag}` takes NAME=VALUE, not `{value}`")),
    }
}

impl GenerateArgs {
    /// Parses the options of `generate` and `check` (also `--flag=value`).
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut parsed = GenerateArgs::default();
        let mut args = args.iter().map(|a| (*a).to_owned());
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            if matches!(flag.as_str(), "--check" | "--skip-invalid-operations") && inline.is_none()
            {
                parsed.check |= flag == "--check";
                parsed.skip_invalid_operations |= flag == "--skip-invalid-operations";
                continue;
            }
            let value = inline
                .or_else(|| args.next())
                .ok_or_else(|| format!("`{flag}` needs a value"))?;
            parsed.set(&flag, value)?;
        }
        Ok(parsed)
    }

    fn set(&mut self, flag: &str, value: String) -> Result<(), String> {
        match flag {
            "--config" => self.config = Some(value.into()),
            "--spec" => self.specs.push(match value.split_once('=') {
                Some((module, file)) if !module.is_empty() && !file.is_empty() => {
                    (Some(module.to_owned()), file.into())
                }
                _ => (None, value.into()),
            }),
            "--out" => self.out = Some(value.into()),
            "--crate-name" => self.crate_name = Some(value),
            "--crate-version" => self.crate_version = Some(value),
            "--description" => self.description = Some(value),
            "--user-agent" => self.user_agent = Some(value),
            "--span-name" => self.span_name = Some(value),
            "--site-env" => self.site_env = Some(value),
            "--credential-env" => self.credential_env.push(pair(flag, &value)?),
            "--include" => self.include.push(value),
            "--exclude" => self.exclude.push(value),
            "--runtime" => self.runtime = Some(value.into()),
            "--bundle" => self.bundle = Some(value.into()),
            "--feature" => self.features.push(pair(flag, &value)?),
            "--features-per-tag" => self.features_per_tag = Some(value),
            other => return Err(format!("unexpected argument `{other}`")),
        }
        Ok(())
    }

    /// The config file's contents merged under the flags, checked.
    pub fn merged(&self) -> Result<GenConfig, String> {
        let mut config = match &self.config {
            Some(path) => GenConfig::read(path)?,
            None => GenConfig::default(),
        };
        let package = &mut config.package;
        for (field, flag) in [
            (&mut package.name, &self.crate_name),
            (&mut package.version, &self.crate_version),
            (&mut package.description, &self.description),
            (&mut package.user_agent, &self.user_agent),
            (&mut package.span_name, &self.span_name),
            (&mut config.environment.site, &self.site_env),
        ] {
            if flag.is_some() {
                field.clone_from(flag);
            }
        }
        if !self.specs.is_empty() {
            config.specs = self
                .specs
                .iter()
                .map(|(module, path)| crate::config::SpecConfig {
                    path: path.clone(),
                    module: module.clone(),
                })
                .collect();
        }
        for (scheme, env) in &self.credential_env {
            config.credentials.entry(scheme.clone()).or_default().env =
                env.split(',').map(str::to_owned).collect();
        }
        config
            .operations
            .include
            .extend(self.include.iter().cloned());
        config
            .operations
            .exclude
            .extend(self.exclude.iter().cloned());
        config.features.extend(self.features.iter().cloned());
        if self.features_per_tag.is_some() {
            config.features_per_tag.clone_from(&self.features_per_tag);
        }
        config.skip_invalid_operations |= self.skip_invalid_operations;
        if self.runtime.is_some() {
            config.runtime.clone_from(&self.runtime);
        }
        config.feature_config()?;
        Ok(config)
    }

    /// The generation these arguments ask for.
    pub fn project(&self) -> Result<Project, String> {
        let config = self.merged()?;
        let runtime = match &config.runtime {
            Some(dir) => RuntimeMode::Shared(dir.clone()),
            None => RuntimeMode::Vendored,
        };
        Ok(Project {
            filter: OperationFilter::new(&config.operations.include, &config.operations.exclude),
            config: generator_config(&config)?,
            runtime,
            skip_invalid_operations: config.skip_invalid_operations,
        })
    }
}

/// The generator's configuration for a generation config: the package
/// (`0.1.0` by default), the specs (modules named after their files by
/// default; lowering makes them valid and unique), the environment
/// variables and credentials.
pub fn generator_config(config: &GenConfig) -> Result<Config, String> {
    let name = config
        .package
        .name
        .clone()
        .ok_or("the package name is needed: `--crate-name NAME` or `[package] name`")?;
    check_package_name(&name)?;
    if config.specs.is_empty() {
        return Err("at least one spec is needed: `--spec FILE` or `[[specs]] path`".into());
    }
    let specs = config
        .specs
        .iter()
        .map(|spec| {
            let module = match &spec.module {
                Some(module) => module.clone(),
                None => spec
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .ok_or_else(|| format!("`{}` names no file", spec.path.display()))?,
            };
            Ok(SpecInput {
                module,
                path: spec.path.clone(),
                display: spec.path.display().to_string(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let shown: Vec<String> = specs.iter().map(|s| s.display.clone()).collect();
    let description = config
        .package
        .description
        .clone()
        .unwrap_or_else(|| format!("A client generated from {}.", shown.join(", ")));
    let version = config.package.version.as_deref().unwrap_or("0.1.0");
    let mut info = CrateInfo::new(&name, version, &description, "runtime");
    info.user_agent.clone_from(&config.package.user_agent);
    info.span_name.clone_from(&config.package.span_name);
    info.site_env.clone_from(&config.environment.site);
    info.features = config.feature_config()?;
    info.credentials = config
        .credentials
        .iter()
        .map(|(scheme, c)| CredentialInfo {
            scheme: scheme.clone(),
            setter: c.setter.clone(),
            label: c.label.clone(),
            env: c.env.clone(),
        })
        .collect();
    Ok(Config {
        info,
        specs,
        // Not read: clientgen renders with the embedded templates.
        templates: PathBuf::new(),
        vendor_runtime: None,
    })
}

/// A cargo package name that also makes a library name.
fn check_package_name(name: &str) -> Result<(), String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    // The library is named with `_` for `-`, and a keyword cannot name
    // one: cargo refuses such a package (`cargo new box`), and the CLI's
    // `use box::...` would not parse.
    let library = name.replace('-', "_");
    if !valid {
        Err(format!(
            "`{name}` is not a valid package name (ASCII letters, digits, `-`, `_`, starting with a letter)"
        ))
    } else if Reserved::RustKeyword.names().contains(&library.as_str()) {
        Err(format!(
            "`{name}` is a Rust keyword, which cargo refuses as a package name; choose another, such as `{name}-client`"
        ))
    } else {
        Ok(())
    }
}

/// `generate` / `check`.
fn generate(args: &GenerateArgs, command: &str) -> ExitCode {
    let Some(out) = &args.out else {
        eprintln!("error: `--out DIR` is needed\n\n{USAGE}");
        return ExitCode::from(2);
    };
    let project = match args.project() {
        Ok(project) => project,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let shown = format!("{}/", out.display());
    if let Some(file) = &args.bundle {
        if let Err(message) = write_bundle(&project, file) {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    }
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let (krate, output) = match project.generate(out) {
        Ok(generated) => generated,
        Err(e) => return emit::failed(&e, &shown),
    };
    if let RuntimeMode::Shared(dir) = &project.runtime {
        if let Err(e) = emit::shared_runtime(dir, mode) {
            return emit::failed(&e, &shown);
        }
    }
    let target = Target {
        dir: out,
        shown: &shown,
        command,
        version: &project.config.info.version,
    };
    emit::finish(&krate, &output, target, mode)
}

/// `--bundle FILE`: the one spec read, every file its `$ref`s name bundled
/// in, written to `file` (JSON for a `.json` file, YAML otherwise).
fn write_bundle(project: &Project, file: &Path) -> Result<(), String> {
    let [spec] = &project.config.specs[..] else {
        return Err("`--bundle FILE` writes one spec: give one `--spec`".into());
    };
    let json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let text =
        generator::load::bundle_text(&spec.path, &spec.display, json).map_err(|e| e.to_string())?;
    std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    eprintln!("{}: the bundled spec of {}", file.display(), spec.display);
    Ok(())
}

/// What `api-diff` was asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiDiffArgs {
    /// The older spec file.
    pub old: PathBuf,
    /// The newer spec file.
    pub new: PathBuf,
    /// The rest: `--config`, `--crate-name`.
    pub rest: GenerateArgs,
}

impl ApiDiffArgs {
    /// Parses `OLD NEW [--config FILE] [--crate-name NAME] ...`.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let files: Vec<&str> = args
            .iter()
            .take_while(|a| !a.starts_with("--"))
            .copied()
            .collect();
        let [old, new] = files[..] else {
            return Err("`api-diff` takes two spec files: OLD NEW".into());
        };
        let rest = GenerateArgs::parse(&args[2..])?;
        Ok(ApiDiffArgs {
            old: old.into(),
            new: new.into(),
            rest,
        })
    }
}

/// `api-diff OLD NEW`: both generated in memory as the same module of the
/// same crate, then compared.
fn api_diff(args: &ApiDiffArgs) -> ExitCode {
    match api_diff_report(args) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The report of `api-diff`, or why there is none.
pub fn api_diff_report(args: &ApiDiffArgs) -> Result<String, String> {
    let module = args
        .new
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .ok_or_else(|| format!("`{}` names no file", args.new.display()))?;
    let public_api = |file: &Path| -> Result<(PublicApi, String), String> {
        let mut rest = args.rest.clone();
        rest.specs = vec![(Some(module.clone()), file.to_owned())];
        if rest.crate_name.is_none() && rest.config.is_none() {
            rest.crate_name = Some("client".into());
        }
        let project = rest.project()?;
        let (_, output) = project.generate(Path::new("."))?;
        let api = PublicApi::from_output(&output).map_err(|e| e.to_string())?;
        Ok((api, project.config.info.version.clone()))
    };
    let (before, _) = public_api(&args.old).map_err(|e| format!("{}: {e}", args.old.display()))?;
    let (after, version) =
        public_api(&args.new).map_err(|e| format!("{}: {e}", args.new.display()))?;
    let mut report = format!("{} -> {}\n", args.old.display(), args.new.display());
    report.push_str(&api_diff::diff(&before, &after).render(Some(&version)));
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_arguments() {
        let args = GenerateArgs::parse(&[
            "--spec",
            "a/openai.yaml",
            "--spec",
            "pets=b/openai.json",
            "--out",
            "out",
            "--crate-name=my-client",
            "--check",
            "--credential-env",
            "apiKey=MY_KEY",
            "--include",
            "listPets",
            "--runtime",
            "../rt",
        ])
        .unwrap();
        assert!(args.check);
        let project = args.project().unwrap();
        let modules: Vec<&str> = project
            .config
            .specs
            .iter()
            .map(|s| s.module.as_str())
            .collect();
        assert_eq!(modules, ["openai", "pets"]);
        assert_eq!(project.config.info.package, "my-client");
        assert_eq!(project.config.info.version, "0.1.0");
        assert_eq!(project.config.info.credentials[0].env, ["MY_KEY"]);
        assert_eq!(project.runtime, RuntimeMode::Shared("../rt".into()));
        assert!(!project.filter.is_empty());
        for bad in [
            &["--spec"][..],
            &["--bogus"],
            &["--credential-env", "novalue"],
            &["--feature", "=x"],
        ] {
            assert!(GenerateArgs::parse(bad).is_err(), "{bad:?}");
        }
        let missing = |args: &[&str]| GenerateArgs::parse(args).unwrap().project().unwrap_err();
        assert!(missing(&["--spec", "s.yaml"]).contains("package name"));
        assert!(missing(&["--crate-name", "x"]).contains("at least one spec"));
        assert!(missing(&["--crate-name", "9x", "--spec", "s.yaml"])
            .contains("not a valid package name"));
        // Box's API as `--crate-name box`: refused before anything is read.
        assert!(missing(&["--crate-name", "box", "--spec", "s.yaml"])
            .contains("`box` is a Rust keyword"));
        let featured = GenerateArgs::parse(&[
            "--crate-name",
            "x",
            "--spec",
            "s.yaml",
            "--feature",
            "Pet Store=pets",
            "--features-per-tag=on",
        ])
        .unwrap()
        .project()
        .unwrap();
        let features = &featured.config.info.features;
        assert_eq!(features.mode, generator::lower::FeatureMode::On);
        assert_eq!(features.names["Pet Store"], "pets");
        assert!(missing(&[
            "--crate-name",
            "x",
            "--spec",
            "s.yaml",
            "--features-per-tag",
            "always"
        ])
        .contains("`features_per_tag` is `on`, `off` or `auto`, not `always`"));
        let skipping = GenerateArgs::parse(&[
            "--crate-name",
            "x",
            "--spec",
            "s.yaml",
            "--skip-invalid-operations",
            "--bundle",
            "b.json",
        ])
        .unwrap();
        assert_eq!(skipping.bundle, Some(PathBuf::from("b.json")));
        assert!(skipping.project().unwrap().skip_invalid_operations);
        assert!(!args.project().unwrap().skip_invalid_operations);
    }

    #[test]
    fn flags_win_over_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("clientgen.toml");
        std::fs::write(
            &file,
            "[package]\nname = \"from-file\"\nversion = \"2.0.0\"\n[[specs]]\npath = \"spec.yaml\"\nmodule = \"api\"\n[environment]\nsite = \"SITE\"\n",
        )
        .unwrap();
        let file = file.display().to_string();
        let project = GenerateArgs::parse(&["--config", &file, "--crate-name", "from-flag"])
            .unwrap()
            .project()
            .unwrap();
        assert_eq!(project.config.info.package, "from-flag");
        assert_eq!(project.config.info.version, "2.0.0");
        assert_eq!(project.config.info.site_env.as_deref(), Some("SITE"));
        assert_eq!(project.config.specs[0].path, dir.path().join("spec.yaml"));
        assert_eq!(project.config.specs[0].module, "api");
        assert_eq!(project.runtime, RuntimeMode::Vendored);
    }

    #[test]
    fn specs_with_the_same_file_name_become_distinct_modules() {
        let original = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/params.yaml");
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("params.yaml");
        std::fs::copy(&original, &copy).unwrap();
        let (original, copy) = (original.display().to_string(), copy.display().to_string());
        let args =
            GenerateArgs::parse(&["--spec", &original, "--spec", &copy, "--crate-name", "c"]);
        let project = args.unwrap().project().unwrap();
        let (krate, output) = project.generate(dir.path()).unwrap();
        let modules: Vec<&str> = krate.apis.iter().map(|a| a.module.as_str()).collect();
        assert_eq!(modules, ["params", "params2"]);
        assert!(output.contains_key("src/params2/mod.rs"));
        assert!(
            output["Cargo.toml"]
                .contains(r#"client-runtime = { package = "c-runtime", path = "runtime" }"#),
            "{}",
            output["Cargo.toml"]
        );
        assert!(output["runtime/Cargo.toml"].contains("name = \"c-runtime\""));
    }

    /// `--bundle` writes the one-document spec read; `--skip-invalid-operations`
    /// generates a spec whose only problem is an operation, without it.
    #[test]
    fn bundle_and_skip_invalid_operations() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
        let split = fixtures.join("fixtures/split/openapi.yaml");
        let dir = tempfile::tempdir().unwrap();
        let (out, bundle) = (dir.path().join("out"), dir.path().join("bundle.json"));
        let [split, out_s, bundle_s] = [&split, &out, &bundle].map(|p| p.display().to_string());
        let args = [
            "generate",
            "--spec",
            &split,
            "--out",
            &out_s,
            "--crate-name",
            "pets",
        ];
        assert_eq!(
            main_with(&[&args[..], &["--bundle", &bundle_s]].concat()),
            ExitCode::SUCCESS
        );
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
        assert_eq!(
            json["paths"]["/pets"]["get"]["operationId"].as_str(),
            Some("listPets")
        );
        assert!(out.join("src/openapi/api.rs").is_file());

        let invalid = fixtures.join("broken/invalid-operation.yaml");
        let invalid = invalid.display().to_string();
        let args = GenerateArgs::parse(&["--spec", &invalid, "--crate-name", "c"]).unwrap();
        let error = args.project().unwrap().generate(&out).unwrap_err();
        assert!(error.contains("path parameter `cert_id`"), "{error}");
        let mut args = args;
        args.skip_invalid_operations = true;
        let (krate, _) = args.project().unwrap().generate(&out).unwrap();
        let ids: Vec<&str> = krate.apis[0]
            .operations
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        assert_eq!(ids, ["listCertificates", "deleteCertificate"]);
        assert!(krate.apis[0].warnings[0].contains("certificate_id}/get (line 11)"));
    }

    #[test]
    fn api_diff_arguments() {
        let args = ApiDiffArgs::parse(&["old.yaml", "new.yaml", "--crate-name", "c"]).unwrap();
        assert_eq!(args.old, PathBuf::from("old.yaml"));
        assert_eq!(args.rest.crate_name.as_deref(), Some("c"));
        assert!(ApiDiffArgs::parse(&["old.yaml"]).is_err());
        assert!(ApiDiffArgs::parse(&["a", "b", "c"]).is_err());
    }
}
