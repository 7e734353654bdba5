//! The parts of a Python module the drift check reads, from its
//! tree-sitter syntax tree: what its imports bind, and each top-level
//! function's decorators, parameters, annotations, defaults and `async`.

use std::collections::HashMap;

use tree_sitter::{Node, Parser, Tree};

use super::spelling::{Norm, normalize};
use super::values::{PyValue, value};
use crate::source::Span;

/// A tree-sitter parse of Python text; `None` only if the parser could not
/// be set up (a grammar/library version mismatch), never for bad input.
pub fn parse(text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .ok()?;
    parser.parse(text, None)
}

/// Run `f` on the expression `text` holds (parsed as a one-line module),
/// with the text its node offsets index into.
pub fn with_expression<R>(text: &str, f: impl FnOnce(Node<'_>, &str) -> R) -> Option<R> {
    let source = text.trim();
    let tree = parse(source)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let statement = root.named_child(0)?;
    if statement.kind() != "expression_statement" {
        return None;
    }
    let expression = statement.named_child(0)?;
    Some(f(expression, source))
}

/// The source text of a node (empty if its range is not in `text`).
pub fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

fn span(node: Node<'_>) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

/// What a module's imports bind: local name → qualified name, and the
/// modules it imports everything from.
#[derive(Debug, Clone, Default)]
pub struct Imports {
    names: HashMap<String, String>,
    pub star: Vec<String>,
}

impl Imports {
    /// `written` (`List`, `t.Optional`, `datetime`) with its first segment
    /// replaced by what the imports bind it to.
    pub fn resolve(&self, written: &str) -> String {
        let written: String = written.chars().filter(|c| !c.is_whitespace()).collect();
        let (first, rest) = match written.split_once('.') {
            Some((first, rest)) => (first, Some(rest)),
            None => (written.as_str(), None),
        };
        match (self.names.get(first), rest) {
            (Some(bound), Some(rest)) => format!("{bound}.{rest}"),
            (Some(bound), None) => bound.clone(),
            (None, _) => written.clone(),
        }
    }
}

/// A parameter of a function, in order.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub span: Span,
    pub kind: ParamKind,
    pub annotation: Option<Annotation>,
    pub default: Option<DefaultValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Plain,
    /// `*args` or `**kwargs`: a task takes neither.
    Variadic,
}

#[derive(Debug, Clone)]
pub struct Annotation {
    pub span: Span,
    pub norm: Norm,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct DefaultValue {
    pub span: Span,
    pub value: PyValue,
    pub text: String,
}

/// A decorator, without its call arguments: the name as written and as the
/// imports resolve it.
#[derive(Debug, Clone)]
pub struct Decorator {
    pub written: String,
    pub resolved: String,
    pub span: Span,
}

/// A top-level `def` or `async def`.
#[derive(Debug, Clone)]
pub struct Function {
    pub name: String,
    pub name_span: Span,
    pub is_async: bool,
    /// `def` or `async def` up to the name: where `async` is or belongs.
    pub keyword_span: Span,
    pub decorators: Vec<Decorator>,
    pub params: Vec<Param>,
    /// The parentheses with the parameters.
    pub params_span: Span,
    pub returns: Option<Annotation>,
}

/// What the check reads of one module.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub imports: Imports,
    /// Top-level functions; a later `def` of a name replaces an earlier one,
    /// as it does when Python runs the module.
    pub functions: Vec<Function>,
    /// The first syntax error, if the text does not parse.
    pub error: Option<Span>,
}

impl Summary {
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().rev().find(|f| f.name == name)
    }
}

/// Read a module. `module` is its dotted name (for relative imports).
pub fn summarize(text: &str, module: &str) -> Summary {
    let Some(tree) = parse(text) else {
        return Summary::default();
    };
    let root = tree.root_node();
    let mut summary = Summary {
        error: root.has_error().then(|| first_error(root)).flatten(),
        ..Summary::default()
    };
    let mut cursor = root.walk();
    let statements: Vec<Node<'_>> = root.named_children(&mut cursor).collect();
    for statement in &statements {
        read_import(*statement, text, module, &mut summary.imports);
    }
    for statement in statements {
        let (decorators, definition) = match statement.kind() {
            "decorated_definition" => {
                let mut cursor = statement.walk();
                let decorators: Vec<Node<'_>> = statement
                    .named_children(&mut cursor)
                    .filter(|n| n.kind() == "decorator")
                    .collect();
                (decorators, statement.child_by_field_name("definition"))
            }
            "function_definition" => (Vec::new(), Some(statement)),
            _ => continue,
        };
        let Some(definition) = definition.filter(|d| d.kind() == "function_definition") else {
            continue;
        };
        if let Some(function) = read_function(definition, &decorators, text, &summary.imports) {
            summary.functions.push(function);
        }
    }
    summary
}

/// The first error or missing node, depth first.
fn first_error(node: Node<'_>) -> Option<Span> {
    if node.is_error() || node.is_missing() {
        return Some(span(node));
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    children
        .into_iter()
        .filter(|child| child.has_error() || child.is_missing())
        .find_map(first_error)
}

fn read_import(statement: Node<'_>, text: &str, module: &str, imports: &mut Imports) {
    match statement.kind() {
        "import_statement" => {
            let mut cursor = statement.walk();
            for name in statement.children_by_field_name("name", &mut cursor) {
                match name.kind() {
                    "aliased_import" => {
                        if let (Some(path), Some(alias)) = (
                            name.child_by_field_name("name"),
                            name.child_by_field_name("alias"),
                        ) {
                            imports.names.insert(
                                node_text(alias, text).into(),
                                node_text(path, text).into(),
                            );
                        }
                    }
                    _ => {
                        // `import a.b` binds `a`, through which `a.b` is reached.
                        let path = node_text(name, text);
                        let first = path.split('.').next().unwrap_or(path);
                        imports.names.insert(first.into(), first.into());
                    }
                }
            }
        }
        "import_from_statement" => {
            let Some(from) = statement.child_by_field_name("module_name") else {
                return;
            };
            let from = absolute_module(node_text(from, text), module);
            let mut cursor = statement.walk();
            let mut any_name = false;
            for name in statement.children_by_field_name("name", &mut cursor) {
                any_name = true;
                let (path, alias) = match name.kind() {
                    "aliased_import" => (
                        name.child_by_field_name("name").map(|n| node_text(n, text)),
                        name.child_by_field_name("alias")
                            .map(|n| node_text(n, text)),
                    ),
                    _ => (Some(node_text(name, text)), None),
                };
                if let Some(path) = path {
                    let local = alias.unwrap_or(path);
                    imports.names.insert(local.into(), format!("{from}.{path}"));
                }
            }
            let mut cursor = statement.walk();
            let star = statement
                .named_children(&mut cursor)
                .any(|n| n.kind() == "wildcard_import");
            if star || !any_name {
                imports.star.push(from);
            }
        }
        _ => {}
    }
}

/// `.x` / `..x` of a relative import, from the importing module's name.
fn absolute_module(written: &str, module: &str) -> String {
    let dots = written.chars().take_while(|c| *c == '.').count();
    if dots == 0 {
        return written.to_string();
    }
    let mut package: Vec<&str> = module.split('.').collect();
    // One dot is the module's own package.
    for _ in 0..dots {
        package.pop();
    }
    let rest = &written[dots..];
    if !rest.is_empty() {
        package.push(rest);
    }
    package.join(".")
}

fn read_function(
    definition: Node<'_>,
    decorators: &[Node<'_>],
    text: &str,
    imports: &Imports,
) -> Option<Function> {
    let name = definition.child_by_field_name("name")?;
    let parameters = definition.child_by_field_name("parameters")?;
    let first = definition.child(0)?;
    let is_async = first.kind() == "async";
    let mut params = Vec::new();
    let mut cursor = parameters.walk();
    for param in parameters.named_children(&mut cursor) {
        if let Some(param) = read_param(param, text, imports) {
            params.push(param);
        }
    }
    let returns = definition
        .child_by_field_name("return_type")
        .map(|node| annotation(node, text, imports));
    let decorators = decorators
        .iter()
        .filter_map(|decorator| {
            let mut expression = decorator.named_child(0)?;
            if expression.kind() == "call" {
                expression = expression.child_by_field_name("function")?;
            }
            let written = node_text(expression, text).to_string();
            Some(Decorator {
                resolved: imports.resolve(&written),
                written,
                span: span(*decorator),
            })
        })
        .collect();
    Some(Function {
        name: node_text(name, text).to_string(),
        name_span: span(name),
        is_async,
        keyword_span: Span::new(first.start_byte(), name.start_byte()),
        decorators,
        params,
        params_span: span(parameters),
        returns,
    })
}

fn annotation(node: Node<'_>, text: &str, imports: &Imports) -> Annotation {
    Annotation {
        span: span(node),
        norm: normalize(node, text, imports),
        text: node_text(node, text).to_string(),
    }
}

fn read_param(node: Node<'_>, text: &str, imports: &Imports) -> Option<Param> {
    let plain = |name: Node<'_>| Param {
        name: node_text(name, text).to_string(),
        span: span(node),
        kind: ParamKind::Plain,
        annotation: None,
        default: None,
    };
    let variadic = |name: Node<'_>| Param {
        kind: ParamKind::Variadic,
        ..plain(name)
    };
    match node.kind() {
        "identifier" => Some(plain(node)),
        "list_splat_pattern" | "dictionary_splat_pattern" => {
            Some(variadic(node.named_child(0).unwrap_or(node)))
        }
        "typed_parameter" => {
            let inner = node.named_child(0)?;
            let mut param = match inner.kind() {
                "list_splat_pattern" | "dictionary_splat_pattern" => {
                    variadic(inner.named_child(0).unwrap_or(inner))
                }
                _ => plain(inner),
            };
            param.annotation = node
                .child_by_field_name("type")
                .map(|t| annotation(t, text, imports));
            Some(param)
        }
        "default_parameter" | "typed_default_parameter" => {
            let mut param = plain(node.child_by_field_name("name")?);
            param.annotation = node
                .child_by_field_name("type")
                .map(|t| annotation(t, text, imports));
            param.default = node.child_by_field_name("value").map(|v| DefaultValue {
                span: span(v),
                value: value(v, text),
                text: node_text(v, text).to_string(),
            });
            Some(param)
        }
        // `*` and `/` separators change how arguments are passed, not the
        // names, annotations or defaults the check compares.
        _ => None,
    }
}
