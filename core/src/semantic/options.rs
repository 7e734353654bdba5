//! What semantic analysis takes from the workspace configuration.

/// What semantic analysis needs from the workspace configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SemanticOptions {
    /// `[flyte] default_module`: the module of templates that name none.
    pub default_module: Option<String>,
}

impl SemanticOptions {
    /// The options a workspace's `taskc.toml` gives.
    pub fn from_config(config: &crate::workspace::Config) -> Self {
        SemanticOptions {
            default_module: config.flyte.default_module.clone(),
        }
    }
}
