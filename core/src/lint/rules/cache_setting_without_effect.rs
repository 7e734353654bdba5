use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::lint::walk;
use crate::semantic::model::{Cache, CacheBehavior, DeclRef, Setting};
use crate::source::FileSpan;

declare_rule! {
    /// ## What it does
    /// Reports `version`, `ignored_inputs`, `salt`, `serialize` or
    /// `max_age` in a `cache { … }` block whose behaviour is `disable`.
    ///
    /// ## Why is this bad?
    /// With the cache disabled no result is looked up or stored, so these
    /// settings do nothing (the SDK still sends some of them, which makes
    /// the spec look as if caching were configured). Usually the behaviour
    /// was switched off for a debugging session and never switched back,
    /// or the block was copied from a cached task.
    ///
    /// ## Example
    /// ```task
    /// env ml {}
    /// template score in ml {
    ///   inputs { data: str, seed: int }
    ///   cache { behavior = disable, version = "v3", ignored_inputs = ["seed"] }
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Turn the cache on, or write just `cache = disable`:
    /// ```task
    /// env ml {}
    /// template score in ml {
    ///   inputs { data: str, seed: int }
    ///   cache { behavior = auto, version = "v3", ignored_inputs = ["seed"] }
    /// }
    /// ```
    pub static CACHE_SETTING_WITHOUT_EFFECT = {
        code: L0010,
        name: "cache-setting-without-effect",
        summary: "cache setting has no effect while the cache is disabled",
        level: Warn,
        check: check,
    }
}

const SETTINGS: [&str; 5] = ["version", "ignored_inputs", "salt", "serialize", "max_age"];

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    // Only a disabled cache written by a declaration of that name needs
    // the declaration (a `DeclRef` is an allocation): this runs for every
    // template on every keystroke of the language server, and most caches
    // are inherited.
    for (kind, name, settings) in m.declared_settings() {
        if disabled_by(&settings.cache, name) {
            report(cx, out, &DeclRef::new(kind, name), settings.cache.as_ref());
        }
    }
}

/// A disabled cache whose value a declaration named `name` wrote (of any
/// kind: `report` checks the kind).
fn disabled_by(cache: &Option<Setting<Cache>>, name: &str) -> bool {
    cache.as_ref().is_some_and(|c| {
        c.value.behavior == CacheBehavior::Disable && c.provenance.origin.decl.name == name
    })
}

fn report(
    cx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
    decl: &DeclRef,
    cache: Option<&Setting<Cache>>,
) {
    let Some(cache) = cache.filter(|c| c.provenance.is_declared_in(decl)) else {
        return;
    };
    if cache.value.behavior != CacheBehavior::Disable {
        return;
    }
    let block = cache.value_at();
    // Files are in id order: a binary search, not a scan per finding.
    let Ok(at) = cx.files.binary_search_by_key(&block.file, |(id, _)| *id) else {
        return;
    };
    let Some((_, file)) = cx.files.get(at) else {
        return;
    };
    let behavior = walk::entry_in_block(file, block.span, "behavior")
        .map(|a| FileSpan::new(block.file, a.value.span));
    for key in SETTINGS {
        let Some(entry) = walk::entry_in_block(file, block.span, key) else {
            continue;
        };
        let mut d = finding(
            CACHE_SETTING_WITHOUT_EFFECT.code,
            FileSpan::new(block.file, entry.key.span),
            format!("cache `{key}` has no effect: the cache is disabled"),
        )
        .with_primary_label("ignored");
        if let Some(at) = behavior {
            d = d.with_label(at, "the cache is disabled here");
        }
        out.push(d.with_help(format!(
            "set `behavior = auto` to cache results, or remove `{key}`"
        )));
    }
}
