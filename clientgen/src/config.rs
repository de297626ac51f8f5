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
//! [features]                       # tag = cargo feature; several tags may share one
//! "Key Management" = "keys"
//! "Pets" = "pets"
//!
//! runtime = "../clientgen-runtime" # a shared runtime directory (see `--runtime`)
//! skip_invalid_operations = false  # leave out invalid operations (warned) instead of refusing
//! features_per_tag = "auto"        # on, off, or auto: on from 100 operations or a [features] table
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use generator::lower::{FeatureConfig, FeatureMode};
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
    /// The cargo feature of each tag named here (tag = feature; several
    /// tags may share one); other tags get their name in kebab case.
    #[serde(default)]
    pub features: BTreeMap<String, String>,
    /// Whether the crate gets a cargo feature per tag: `on`, `off`, or
    /// `auto` (the default: on from 100 operations, or when `[features]`
    /// names one).
    pub features_per_tag: Option<String>,
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

    /// The generator's configuration of features per tag; a mode other
    /// than `on`, `off` and `auto` is an error naming it.
    pub fn feature_config(&self) -> Result<FeatureConfig, String> {
        let mode = match self.features_per_tag.as_deref() {
            None => FeatureMode::Auto,
            Some(text) => FeatureMode::parse(text).ok_or_else(|| {
                format!("`features_per_tag` is `on`, `off` or `auto`, not `{text}`")
            })?,
        };
        Ok(FeatureConfig {
            mode,
            names: self.features.clone(),
        })
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
        assert_eq!(config.feature_config().unwrap(), FeatureConfig::default());
    }

    #[test]
    fn an_unknown_key_is_an_error_with_its_line() {
        let error =
            GenConfig::parse("[package]\nname = \"a\"\nnmae = \"b\"\n", Path::new("")).unwrap_err();
        assert!(error.contains("nmae"), "{error}");
        assert!(error.contains("line 3"), "{error}");
    }

    #[test]
    fn features_per_tag_are_read_with_their_mode() {
        let text = "features_per_tag = \"on\"\n[features]\n\"Key Management\" = \"keys\"\nPets = \"keys\"\n";
        let config = GenConfig::parse(text, Path::new("")).unwrap();
        let features = config.feature_config().unwrap();
        assert_eq!(features.mode, FeatureMode::On);
        assert_eq!(
            features.names,
            BTreeMap::from([
                ("Key Management".to_owned(), "keys".to_owned()),
                ("Pets".to_owned(), "keys".to_owned()),
            ])
        );
        let off = GenConfig::parse("features_per_tag = \"off\"\n", Path::new("")).unwrap();
        assert_eq!(off.feature_config().unwrap().mode, FeatureMode::Off);
        let bad = GenConfig::parse("features_per_tag = \"yes\"\n", Path::new("")).unwrap();
        assert_eq!(
            bad.feature_config().unwrap_err(),
            "`features_per_tag` is `on`, `off` or `auto`, not `yes`"
        );
        let skip = GenConfig::parse("skip_invalid_operations = true\n", Path::new("")).unwrap();
        assert!(skip.skip_invalid_operations);
        assert_eq!(skip.feature_config().unwrap().mode, FeatureMode::Auto);
    }
}
