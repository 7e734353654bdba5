use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::model::{Cache, DeclRef, Setting};

declare_rule! {
    /// ## What it does
    /// Reports a cache behaviour spelled with one of the SDK's aliases
    /// (`enable`, `enabled`, `on`, `true`, `yes` for `auto`; `off`, `false`,
    /// `no`, `none` for `disable`) or in another case (`Auto`), instead of
    /// the canonical `auto`, `override` or `disable`.
    ///
    /// ## Why is this bad?
    /// The aliases exist for compatibility with old SDK code. They mean the
    /// same thing but make the workspace harder to search and review: a
    /// reader looking for disabled caches greps for `disable` and misses
    /// `cache = off`. The canonical words are the ones the SDK documents.
    ///
    /// ## Example
    /// ```task
    /// env etl { cache = enable }
    /// template load in etl { cache { behavior = off, version = "v2" } }
    /// ```
    ///
    /// ## How to fix
    /// Write the canonical word:
    /// ```task
    /// env etl { cache = auto }
    /// template load in etl { cache { behavior = disable, version = "v2" } }
    /// ```
    pub static NON_CANONICAL_CACHE_BEHAVIOR = {
        code: L0003,
        name: "non-canonical-cache-behavior",
        summary: "cache behaviour written with an alias",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    // Only the rare cache written with an alias needs its declaration (a
    // `DeclRef` is an allocation): this runs for every template on every
    // keystroke of the language server.
    for (kind, name, settings) in m.declared_settings() {
        if has_alias(&settings.cache)
            && let Some(d) = report(&DeclRef::new(kind, name), settings.cache.as_ref())
        {
            out.push(d);
        }
    }
}

fn has_alias(cache: &Option<Setting<Cache>>) -> bool {
    cache.as_ref().is_some_and(|c| c.value.alias.is_some())
}

fn report(decl: &DeclRef, cache: Option<&Setting<Cache>>) -> Option<Diagnostic> {
    let cache = cache.filter(|c| c.provenance.is_declared_in(decl))?;
    let alias = cache.value.alias.as_ref()?;
    let canonical = cache.value.behavior.word();
    Some(
        finding(
            NON_CANONICAL_CACHE_BEHAVIOR.code,
            alias.at,
            format!(
                "`{}` is an alias of the cache behaviour `{canonical}`",
                alias.value
            ),
        )
        .with_primary_label(format!("means `{canonical}`"))
        .with_help(format!("write `{canonical}`")),
    )
}
