//! The generation config file (`clientgen.toml`, `--config FILE`): what
//! flags should not have to carry. Every key is optional; flags given on the
//! command line win over the file. Paths are relative to the file.
//!
//! ```toml
//! [package]
//! name = "petstore"                # the crate's package name
//! version = "0.1.0"
//! description = "A client of the Petstore API."
//! user_agent = "petstore-rust/0.1.0"
//! span_name = "petstore.request"
//!
//! [[specs]]                        # in module order
//! path = "openapi.yaml"
//! module = "pets"                  # default: the file's stem
//!
//! [environment]
//! site = "PETSTORE_SITE"           # the variable naming the site
//!
//! [credentials.api_key]            # by security scheme, as in the spec
//! env = "PETSTORE_API_KEY"         # one variable per part: ["USER_VAR", "PASSWORD_VAR"]
//! setter = "api_key"               # for basic; [ID_VAR, SECRET_VAR] for client credentials
//! label = "API key"
//!
//! [operations]                     # by operationId
//! include = ["listPets", "showPetById"]
//! exclude = []
//!
//! [features]                       # tag = cargo feature (not acted on yet: refused)
//!
//! runtime = "../clientgen-runtime" # a shared runtime directory (see `--runtime`)
//! skip_invalid_operations = false  # leave out invalid operations (warned) instead of refusing
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A parsed generation config file, paths already resolved against its
/// directory.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenConfig {
    /// The crate's identity.
    #[serde(default)]
    pub package: PackageConfig,
    /// The specs, in module order.
    #[serde(default)]
    pub specs: Vec<SpecConfig>,
    /// Environment variables other than credentials'.
    #[serde(default)]
    pub environment: EnvironmentConfig,
    /// How each security scheme's credential is named and read.
    #[serde(default)]
    pub credentials: BTreeMap<String, CredentialConfig>,
    /// Which operations to generate.
    #[serde(default)]
    pub operations: OperationsConfig,
    /// A cargo feature per tag. Stored, but the generator cannot act on it
    /// yet: a non-empty table is refused rather than ignored.
    #[serde(default)]
    pub features: BTreeMap<String, String>,
    /// A runtime directory shared by several clients.
    pub runtime: Option<PathBuf>,
    /// Leave out operations that break the spec's rules, each with a
    /// warning naming its pointer and the reason, instead of refusing the
    /// spec (errors outside operations still refuse it).
    #[serde(default)]
    pub skip_invalid_operations: bool,
}

/// `[package]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageConfig {
    /// The package name.
    pub name: Option<String>,
    /// The package version (`0.1.0` by default).
    pub version: Option<String>,
    /// The one-line description.
    pub description: Option<String>,
    /// The `User-Agent` (`<name>/<version>` by default).
    pub user_agent: Option<String>,
    /// The name of the per-attempt tracing span (`http.request` by default).
    pub span_name: Option<String>,
}

/// One `[[specs]]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecConfig {
    /// The spec file.
    pub path: PathBuf,
    /// Its module (the file's stem by default).
    pub module: Option<String>,
}

/// `[environment]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentConfig {
    /// The variable that names the site.
    pub site: Option<String>,
}

/// One `[credentials.SCHEME]` table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialConfig {
    /// The environment variables `Configuration::from_env` reads, one per
    /// part of the credential: the key or token; the user and password of
    /// `http` `basic`; the client id and secret of an `oauth2` scheme with
    /// a client-credentials flow. One name may be given as a string.
    #[serde(default, deserialize_with = "one_or_many")]
    pub env: Vec<String>,
    /// The `Configuration` setter.
    pub setter: Option<String>,
    /// How messages name the credential.
    pub label: Option<String>,
}

/// A string, or a list of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(name) => vec![name],
        OneOrMany::Many(names) => names,
    })
}

/// `[operations]`: by operationId; `include` empty means every operation.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationsConfig {
    /// Only these operations.
    #[serde(default)]
    pub include: Vec<String>,
    /// Not these operations.
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl GenConfig {
    /// Reads and parses `path`; errors name the file (and the line).
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let base = path.parent().unwrap_or(Path::new(""));
        Self::parse(&text, base).map_err(|e| format!("`{}`: {e}", path.display()))
    }

    /// Parses `text`, resolving its paths against `base`.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        let mut config: GenConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        for spec in &mut config.specs {
            spec.path = base.join(&spec.path);
        }
        if let Some(runtime) = &mut config.runtime {
            *runtime = base.join(&*runtime);
        }
        Ok(config)
    }

    /// What the generator cannot do yet, refused by name rather than
    /// ignored in silence.
    pub fn refuse_unsupported(&self) -> Result<(), String> {
        if !self.features.is_empty() {
            let tags: Vec<&str> = self.features.keys().map(String::as_str).collect();
            return Err(format!(
                "features per tag (`[features]`: {}) are not supported yet: every operation is \
                 generated unconditionally; remove the table, or leave operations out with \
                 `[operations] exclude`",
                tags.join(", ")
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read_and_paths_are_relative_to_the_file() {
        let text = r#"
runtime = "../shared"

[package]
name = "petstore"
version = "1.2.3"
description = "Pets."
user_agent = "pets/1"
span_name = "pets.request"

[[specs]]
path = "specs/openapi.yaml"
module = "pets"

[[specs]]
path = "other.json"

[environment]
site = "PETS_SITE"

[credentials.api_key]
env = "PETS_KEY"
setter = "key"
label = "pet key"

[credentials.basic]
env = ["PETS_USER", "PETS_PASSWORD"]

[operations]
include = ["listPets"]
exclude = ["deletePet"]
"#;
        let config = GenConfig::parse(text, Path::new("/work/client")).unwrap();
        assert_eq!(config.package.name.as_deref(), Some("petstore"));
        assert_eq!(config.package.version.as_deref(), Some("1.2.3"));
        assert_eq!(config.package.span_name.as_deref(), Some("pets.request"));
        assert_eq!(
            config.specs,
            [
                SpecConfig {
                    path: "/work/client/specs/openapi.yaml".into(),
                    module: Some("pets".into())
                },
                SpecConfig {
                    path: "/work/client/other.json".into(),
                    module: None
                },
            ]
        );
        assert_eq!(
            config.runtime,
            Some(PathBuf::from("/work/client/../shared"))
        );
        assert_eq!(config.environment.site.as_deref(), Some("PETS_SITE"));
        assert_eq!(config.credentials["api_key"].env, ["PETS_KEY"]);
        assert_eq!(
            config.credentials["basic"].env,
            ["PETS_USER", "PETS_PASSWORD"]
        );
        assert_eq!(config.operations.include, ["listPets"]);
        assert_eq!(config.operations.exclude, ["deletePet"]);
        assert_eq!(config.refuse_unsupported(), Ok(()));
    }

    #[test]
    fn an_unknown_key_is_an_error_with_its_line() {
        let error =
            GenConfig::parse("[package]\nname = \"a\"\nnmae = \"b\"\n", Path::new("")).unwrap_err();
        assert!(error.contains("nmae"), "{error}");
        assert!(error.contains("line 3"), "{error}");
    }

    #[test]
    fn what_cannot_be_acted_on_yet_is_refused_by_name() {
        let features = GenConfig::parse("[features]\npets = \"pets\"\n", Path::new("")).unwrap();
        let error = features.refuse_unsupported().unwrap_err();
        assert!(
            error.contains("features per tag (`[features]`: pets)"),
            "{error}"
        );
        let skip = GenConfig::parse("skip_invalid_operations = true\n", Path::new("")).unwrap();
        assert!(skip.skip_invalid_operations);
        assert_eq!(skip.refuse_unsupported(), Ok(()));
    }
}
