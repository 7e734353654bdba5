//! `secrets = ["key", { key, group, env_var, mount }]` and `env_vars { … }`.

use super::attr_values::{EnvVar, Secret};
use super::attrs::{SECRET_ATTRS, known_attrs};
use super::cx::Cx;
use super::value_readers::{self, mismatch};
use crate::diagnostics::Code;
use crate::syntax::ast::{Value, ValueKind};

pub(crate) const BAD_SECRET: Code = Code::E0307;

/// The only mount path the SDK supports.
pub(crate) const SECRET_MOUNT_PATH: &str = "/etc/flyte/secrets";

/// `secrets`: a list of secrets, or a single one (as the SDK accepts).
pub(crate) fn lower_secrets(cx: &mut Cx, v: &Value) -> Option<Vec<Secret>> {
    match &v.kind {
        ValueKind::List(items) => {
            let mut out = Vec::new();
            let mut ok = true;
            for item in items {
                match secret(cx, item) {
                    Some(s) => out.push(s),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }
        ValueKind::Str(_) | ValueKind::Map(_) => secret(cx, v).map(|s| vec![s]),
        _ => {
            mismatch(
                cx,
                v,
                "secrets",
                "a list of secrets: `[\"key\", { key = \"k\", group = \"g\" }]`",
            );
            None
        }
    }
}

fn secret(cx: &mut Cx, v: &Value) -> Option<Secret> {
    let at = cx.at(v.span);
    match &v.kind {
        ValueKind::Str(s) => {
            if s.value.is_empty() {
                cx.error(
                    BAD_SECRET,
                    v.span,
                    "a secret key cannot be empty",
                    "write the secret's key, e.g. \"db-password\"",
                );
                return None;
            }
            Some(Secret {
                key: s.value.clone(),
                group: None,
                env_var: None,
                mount: None,
                at,
            })
        }
        ValueKind::Map(body) => {
            let mut key = None;
            let mut group = None;
            let mut env_var: Option<(String, crate::source::Span)> = None;
            let mut mount: Option<(String, crate::source::Span)> = None;
            let mut ok = true;
            let before = cx.diags.len();
            for attr in known_attrs(cx, body, "secret", SECRET_ATTRS) {
                let v = &attr.value;
                let what = format!("secret.{}", attr.key.name);
                let Some(text) = value_readers::string(cx, v, &what) else {
                    ok = false;
                    continue;
                };
                match attr.key.name.as_str() {
                    "key" => key = Some(text),
                    "group" => group = Some(text),
                    "env_var" => {
                        if !is_env_var_name(&text) {
                            cx.error(
                                BAD_SECRET,
                                v.span,
                                format!("Invalid environment variable name: {text}, must match ^[A-Z_][A-Z0-9_]*$"),
                                format!("use upper case, digits and `_`, e.g. \"{}\"", env_var_suggestion(&text)),
                            );
                            ok = false;
                        } else {
                            env_var = Some((text, v.span));
                        }
                    }
                    "mount" => {
                        if text.trim_end_matches('/') != SECRET_MOUNT_PATH {
                            cx.error(
                                BAD_SECRET,
                                v.span,
                                "Only /etc/flyte/secrets is supported as secret mount path today.",
                                format!("write `mount = \"{SECRET_MOUNT_PATH}\"`, or leave `mount` out to get an env var"),
                            );
                            ok = false;
                        } else {
                            mount = Some((SECRET_MOUNT_PATH.to_string(), v.span));
                        }
                    }
                    _ => {}
                }
            }
            if let (Some((_, env_span)), Some((_, mount_span))) = (&env_var, &mount) {
                let mount_at = cx.at(*mount_span);
                cx.push(
                    crate::diagnostics::Diagnostic::error(
                        BAD_SECRET,
                        cx.at(*env_span),
                        "a secret is either exposed as an env var or mounted as a file, not both",
                    )
                    .with_label(mount_at, "mounted as a file here")
                    .with_help("remove `env_var` or `mount`"),
                );
                ok = false;
            }
            let Some(key) = key else {
                if ok && cx.diags.len() == before {
                    cx.error(
                        BAD_SECRET,
                        body.span,
                        "a secret needs a `key`",
                        "add `key = \"…\"`",
                    );
                }
                return None;
            };
            if key.is_empty() {
                cx.error(
                    BAD_SECRET,
                    v.span,
                    "a secret key cannot be empty",
                    "write the secret's key",
                );
                return None;
            }
            ok.then(|| Secret {
                key,
                group,
                env_var: env_var.map(|(e, _)| e),
                mount: mount.map(|(m, _)| m),
                at,
            })
        }
        _ => {
            mismatch(
                cx,
                v,
                "secret",
                "a key string or `{ key = \"…\", group = \"…\" }`",
            );
            None
        }
    }
}

/// `^[A-Z_][A-Z0-9_]*$`
pub(crate) fn is_env_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn env_var_suggestion(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, '_');
    }
    out
}

/// `env_vars { KEY = "value", … }`, order kept.
pub(crate) fn lower_env_vars(cx: &mut Cx, v: &Value) -> Option<Vec<EnvVar>> {
    let pairs = value_readers::string_map(cx, v, "env_vars")?;
    Some(
        pairs
            .into_iter()
            .map(|(key, value, span)| EnvVar {
                key,
                value,
                at: cx.at(span),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names_follow_the_sdk_pattern() {
        assert!(is_env_var_name("OPENAI_API_KEY"));
        assert!(is_env_var_name("_X1"));
        assert!(!is_env_var_name("lower-case"));
        assert!(!is_env_var_name("1ABC"));
        assert!(!is_env_var_name(""));
        assert_eq!(env_var_suggestion("lower-case"), "LOWER_CASE");
    }
}
