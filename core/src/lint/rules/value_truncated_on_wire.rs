use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::model::{Task, TaskKind};
use crate::semantic::provenance::Setting;
use crate::source::FileSpan;
use crate::syntax::ast;

declare_rule! {
    /// ## What it does
    /// Reports text that Flyte cuts short when the task is deployed
    /// (limits from the `flyteidl2` validation rules, WIRE.md §1):
    /// - a task's `short_name` (written, or the function name it defaults
    ///   to) over 63 characters: hard-cut to 63;
    /// - an env name over 63 characters: `environment.name` is cut to 63;
    /// - an env `description` over 255 characters: cut to 247 plus `...(tr.)`;
    /// - a task's `///` short description (first paragraph) over 255 or its
    ///   long description (the rest) over 2048 characters: cut the same way.
    ///
    /// ## Why is this bad?
    /// The SDK truncates silently, so the UI shows a different name or a
    /// description ending in `...(tr.)`, and two names that differ only
    /// after character 63 become the same short name.
    ///
    /// ## Example
    /// ```task
    /// env gpu {}
    /// template train in gpu {
    ///   short_name = "train-the-recommendation-model-on-the-full-click-history-of-last-week"
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Shorten the text to the limit; move detail into the long description:
    /// ```task
    /// env gpu {}
    /// template train in gpu {
    ///   short_name = "train-recsys-weekly"
    /// }
    /// ```
    pub static VALUE_TRUNCATED_ON_WIRE = {
        code: L0004,
        name: "value-truncated-on-wire",
        summary: "text is cut short on the wire",
        level: Warn,
        check: check,
    }
}

const NAME_LIMIT: usize = 63;
const DESCRIPTION_LIMIT: usize = 255;
const LONG_DOC_LIMIT: usize = 2048;

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for env in m.envs() {
        too_long(
            out,
            env.name_at,
            "env name",
            "`environment.name`",
            &env.name,
            NAME_LIMIT,
            false,
        );
        if let Some(desc) = &env.settings.description
            && desc.provenance.is_declared_in(&env.decl())
        {
            too_long(
                out,
                desc.value_at(),
                "env description",
                "`environment.description`",
                &desc.value,
                DESCRIPTION_LIMIT,
                true,
            );
        }
    }
    // A task's findings read the task and its file's comments: a task
    // kept from the last analysis (same file) keeps them.
    let mut units = cx.units(VALUE_TRUNCATED_ON_WIRE.code);
    for task in m.tasks() {
        units.task(task, out, |out| check_task(cx, out, task));
    }
    for o in m.overrides() {
        if let Some(written) = &o.settings.short_name
            && written.provenance.is_declared_in(&o.decl())
        {
            written_short_name(out, written);
        }
    }
}

/// A `short_name` written in the declaration at hand.
fn written_short_name(out: &mut Vec<Diagnostic>, written: &Setting<String>) {
    too_long(
        out,
        written.value_at(),
        "short_name",
        "`short_name`",
        &written.value,
        NAME_LIMIT,
        false,
    );
}

fn check_task(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>, task: &Task) {
    match &task.settings.short_name {
        Some(written) if written.provenance.is_declared_in(&task.decl()) => {
            written_short_name(out, written);
        }
        Some(_) => {}
        None => match &task.kind {
            TaskKind::Function { function, .. } => too_long(
                out,
                function.at,
                "the function name, which is the default short_name,",
                "`short_name`",
                &function.value,
                NAME_LIMIT,
                false,
            ),
            TaskKind::Query(_) | TaskKind::Container(_) => too_long(
                out,
                task.name_at,
                "the task id name, which is the default short_name,",
                "`short_name`",
                &task.task_id,
                NAME_LIMIT,
                false,
            ),
        },
    }
    if let Some((file, doc)) = template_doc(cx, task.decl_at) {
        let (short, long) = split_doc(&doc.text);
        // Point at the `///` line where each part starts, not at the
        // whole comment.
        // Comments are in source order: only the doc's own are visited.
        let first = file
            .comments
            .partition_point(|c| c.span.start < doc.span.start);
        let lines: Vec<&ast::Comment> = file.comments[first..]
            .iter()
            .take_while(|c| doc.span.contains(c.span.start))
            .filter(|c| c.kind == ast::CommentKind::Doc)
            .collect();
        let line_at = |c: Option<&&ast::Comment>| {
            FileSpan::new(task.decl_at.file, c.map_or(doc.span, |c| c.span))
        };
        let long_start = lines
            .iter()
            .skip_while(|c| !is_blank_doc_line(&c.text))
            .find(|c| !is_blank_doc_line(&c.text));
        too_long(
            out,
            line_at(lines.first()),
            "the short description (first `///` paragraph)",
            "`documentation.short_description`",
            &short,
            DESCRIPTION_LIMIT,
            true,
        );
        too_long(
            out,
            line_at(long_start),
            "the long description (`///` after the first paragraph)",
            "`documentation.long_description`",
            long,
            LONG_DOC_LIMIT,
            true,
        );
    }
}

fn too_long(
    out: &mut Vec<Diagnostic>,
    at: FileSpan,
    what: &str,
    field: &str,
    text: &str,
    max: usize,
    marked: bool,
) {
    let len = text.chars().count();
    if len <= max {
        return;
    }
    let how = if marked {
        format!("cut to {} characters plus \"...(tr.)\"", max - 8)
    } else {
        format!("cut to its first {max} characters")
    };
    let kept: String = text
        .chars()
        .take(if marked { max - 8 } else { max })
        .collect();
    let tail: String = kept
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    out.push(
        finding(
            VALUE_TRUNCATED_ON_WIRE.code,
            at,
            format!("{what} is {len} characters long; Flyte's {field} takes at most {max}, so it is {how}"),
        )
        .with_primary_label(format!("sent ending in \"…{tail}\""))
        .with_help(format!("shorten it to {max} characters or fewer")),
    );
}

/// The `///` of the template declared at `decl_at`, with its file.
fn template_doc<'a>(
    cx: &LintContext<'a>,
    decl_at: FileSpan,
) -> Option<(&'a ast::File, &'a ast::Doc)> {
    // Files are in id order and items in source order: two binary
    // searches, not a scan per template (quadratic in a large file).
    let at = cx
        .files
        .binary_search_by_key(&decl_at.file, |(id, _)| *id)
        .ok()?;
    let (_, file) = cx.files.get(at)?;
    let index = file
        .items
        .partition_point(|item| item.span().start <= decl_at.span.start);
    let doc = match file.items.get(index.checked_sub(1)?)? {
        ast::Item::Template(t) if t.span == decl_at.span || t.span.contains(decl_at.span.start) => {
            t.doc.as_ref()
        }
        _ => None,
    }?;
    Some((*file, doc))
}

fn is_blank_doc_line(text: &str) -> bool {
    text.trim_start_matches('/').trim().is_empty()
}

/// The SDK's split of a docstring: the first paragraph (its lines joined by
/// spaces) and the rest.
fn split_doc(text: &str) -> (String, &str) {
    let text = text.trim();
    let mut offset = 0;
    let mut split = None;
    for line in text.split_inclusive('\n') {
        if offset > 0 && line.trim().is_empty() {
            split = Some(offset);
            break;
        }
        offset += line.len();
    }
    let (first, rest) = match split {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    };
    let short = first.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    (short, rest)
}
