use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::lint::walk;
use crate::source::{FileId, FileSpan};
use crate::syntax::ast::{self, Entry, ValueKind};

declare_rule! {
    /// ## What it does
    /// Reports an `env_vars` value (on an env, an override or a trigger)
    /// that looks like a credential: an AWS access key id (`AKIA…`), a
    /// GitHub token (`ghp_…`, `github_pat_…`), a Slack token (`xox…-`), a
    /// JWT, a private key, a URL with a password in it, a long random
    /// string, or any value of a variable named like a secret (`*_TOKEN`,
    /// `*_SECRET`, `*PASSWORD*`, `*_API_KEY`, …).
    ///
    /// ## Why is this bad?
    /// `env_vars` are part of the task spec: they are stored by the Flyte
    /// control plane, shown in the UI to everyone who can see the task,
    /// and committed with the `.task` file. A credential there is leaked.
    /// Flyte secrets are fetched at run time and never appear in the spec.
    ///
    /// ## Example
    /// ```task
    /// env etl {
    ///   env_vars { GITHUB_TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyz" }
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Create a Flyte secret (`flyte create secret github-token`) and expose
    /// it as the same variable:
    /// ```task
    /// env etl {
    ///   secrets = [{ key = "github-token", env_var = "GITHUB_TOKEN" }]
    /// }
    /// ```
    /// If the value is not a secret (a public id, a test fixture), suppress
    /// the finding on that line with `// taskc: allow(secret-value-in-env-vars)`.
    pub static SECRET_VALUE_IN_ENV_VARS = {
        code: L0002,
        name: "secret-value-in-env-vars",
        summary: "env_vars value looks like a secret",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // A file's findings read its tree alone: an unchanged file keeps them.
    let mut units = cx.units(SECRET_VALUE_IN_ENV_VARS.code);
    for (index, (file, ast)) in cx.files.iter().enumerate() {
        units.file(cx.tree(index), out, |out| check_file(out, *file, ast));
    }
}

fn check_file(out: &mut Vec<Diagnostic>, file: FileId, ast: &ast::File) {
    for body in walk::bodies(ast) {
        walk::entries(body, &mut |entry| {
            let Entry::Attr(attr) = entry else { return };
            if attr.key.name != "env_vars" {
                return;
            }
            let ValueKind::Map(vars) = &attr.value.kind else {
                return;
            };
            for var in &vars.entries {
                let Entry::Attr(var) = var else { continue };
                let ValueKind::Str(value) = &var.value.kind else {
                    continue;
                };
                if let Some(kind) = looks_like_secret(&var.key.name, &value.value) {
                    out.push(report(
                        FileSpan::new(file, var.value.span),
                        &var.key.name,
                        kind,
                    ));
                }
            }
        });
    }
}

fn report(at: FileSpan, key: &str, kind: &str) -> Diagnostic {
    let secret_name = key.to_ascii_lowercase().replace('_', "-");
    finding(
        SECRET_VALUE_IN_ENV_VARS.code,
        at,
        format!("`{key}` in `env_vars` holds what looks like {kind}"),
    )
    .with_primary_label("sent in plain text in the task spec")
    .with_help(format!(
        "store it as a Flyte secret and expose it as the same variable: `secrets = [{{ key = \"{secret_name}\", env_var = \"{key}\" }}]`"
    ))
}

/// What kind of credential `value` looks like, if any.
pub(crate) fn looks_like_secret(key: &str, value: &str) -> Option<&'static str> {
    let value = value.trim();
    if value.is_empty() || is_placeholder(value) {
        return None;
    }
    if let Some(kind) = known_token(value) {
        return Some(kind);
    }
    if has_url_password(value) {
        return Some("a URL with a password in it");
    }
    if secret_name(key) && value.chars().count() >= 4 && !value.contains(char::is_whitespace) {
        return Some("a secret (its name says so)");
    }
    if key.to_ascii_uppercase().ends_with("_KEY") && looks_random(value, 16) {
        return Some("a key");
    }
    if looks_random(value, 24) && shannon_entropy(value) > 4.2 {
        return Some("a random credential (a long, high-entropy string)");
    }
    None
}

/// `{{ … }}`, `${…}`, `<token>`, `changeme`: a stand-in, not a value.
fn is_placeholder(value: &str) -> bool {
    value.contains("{{")
        || value.contains("${")
        || (value.starts_with('<') && value.ends_with('>'))
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "changeme" | "change-me" | "xxx" | "todo" | "dummy" | "none" | "null" | "redacted"
        )
}

/// Well-known token shapes, by prefix and length.
fn known_token(value: &str) -> Option<&'static str> {
    const AWS_PREFIXES: [&str; 8] = [
        "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA",
    ];
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let token_chars = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    if value.len() == 20
        && AWS_PREFIXES.iter().any(|p| value.starts_with(p))
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Some("an AWS access key id");
    }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if let Some(rest) = value.strip_prefix(prefix)
            && rest.len() >= 30
            && alnum(rest)
        {
            return Some("a GitHub token");
        }
    }
    if let Some(rest) = value.strip_prefix("github_pat_")
        && rest.len() >= 22
        && token_chars(rest)
    {
        return Some("a GitHub token");
    }
    if value.len() >= 15
        && ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"]
            .iter()
            .any(|p| value.starts_with(p))
        && token_chars(value)
    {
        return Some("a Slack token");
    }
    if is_jwt(value) {
        return Some("a JSON Web Token");
    }
    if value.contains("-----BEGIN") && value.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    for prefix in [
        "sk_live_", "rk_live_", "sk-proj-", "sk-ant-", "AIza", "glpat-", "hf_",
    ] {
        if let Some(rest) = value.strip_prefix(prefix)
            && rest.len() >= 20
            && token_chars(rest)
        {
            return Some("an API key");
        }
    }
    None
}

/// `header.payload.signature`, base64url, header starting `{"` (`eyJ`).
fn is_jwt(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().all(|p| {
            p.len() >= 8
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
        })
}

/// `scheme://user:password@host…`.
fn has_url_password(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    match authority.rsplit_once('@') {
        Some((userinfo, _)) => userinfo
            .split_once(':')
            .is_some_and(|(_, password)| !password.is_empty() && !is_placeholder(password)),
        None => false,
    }
}

/// A variable name that says it holds a secret.
fn secret_name(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(['_', '-']).collect();
    let has = |w: &str| words.contains(&w);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    // `TOKEN_URL`, `SECRET_NAME`, `PASSWORD_FILE` name where a secret is,
    // not the secret.
    const POINTERS: [&str; 13] = [
        "URL", "URI", "PATH", "FILE", "DIR", "ENDPOINT", "HOST", "ID", "NAME", "TYPE", "ENV",
        "VAR", "MOUNT",
    ];
    if words.last().is_some_and(|w| POINTERS.contains(w)) {
        return false;
    }
    has("TOKEN")
        || has("SECRET")
        || has("PASSWORD")
        || has("PASSWD")
        || has("PWD")
        || has("APIKEY")
        || has("CREDENTIALS")
        || pair("API", "KEY")
        || pair("ACCESS", "KEY")
        || pair("SECRET", "KEY")
        || pair("PRIVATE", "KEY")
        || pair("CLIENT", "SECRET")
}

/// At least `min` characters of a token alphabet, with letters and digits.
fn looks_random(value: &str, min: usize) -> bool {
    value.len() >= min
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-'))
        && value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().any(|b| b.is_ascii_alphabetic())
        && !value.contains("//")
}

/// Bits per character.
fn shannon_entropy(value: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in value.bytes() {
        counts[b as usize] += 1;
    }
    let len = value.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::looks_like_secret;

    #[test]
    fn token_shapes_are_recognised() {
        let cases = [
            ("X", "AKIAIOSFODNN7EXAMPLE", "an AWS access key id"),
            (
                "X",
                "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
                "a GitHub token",
            ),
            ("X", "xoxb-1234567890-abcdefghij", "a Slack token"),
            (
                "X",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                "a JSON Web Token",
            ),
            (
                "X",
                "postgres://etl:hunter22@db:5432/x",
                "a URL with a password in it",
            ),
            ("DB_PASSWORD", "hunter22", "a secret (its name says so)"),
            (
                "X",
                "q8Zr2LmN4vT7xK1pW9sD3fG6hJ0aB5cE",
                "a random credential (a long, high-entropy string)",
            ),
        ];
        for (key, value, kind) in cases {
            assert_eq!(looks_like_secret(key, value), Some(kind), "{key}={value}");
        }
    }

    #[test]
    fn ordinary_values_pass() {
        let cases = [
            ("LOG_LEVEL", "info"),
            ("AWS_REGION", "us-east-1"),
            ("PARTITION_KEY", "event_date"),
            ("TOKEN_URL", "https://auth.example.com/token"),
            ("API_TOKEN", "{{ .secrets.api }}"),
            ("DB_PASSWORD", ""),
            (
                "IMAGE_DIGEST",
                "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
            ),
            ("MODEL_PATH", "s3://acme-models/recsys/v12/model.pt"),
            ("DATABASE_URL", "postgres://etl@db:5432/x"),
        ];
        for (key, value) in cases {
            assert_eq!(looks_like_secret(key, value), None, "{key}={value}");
        }
    }
}
