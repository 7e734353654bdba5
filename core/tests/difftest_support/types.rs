//! Types and default values of generated workspaces: every scalar, nested
//! collections, optionals, unions in every order, records with every field
//! type, enums, dataframes and files, and defaults of every kind,
//! including numbers written with another numeric type than declared.

use super::probe;
use super::ws::{Decl, Item, Rng};

/// A type, as the generator knows it (to write a default that fits).
#[derive(Clone, Debug)]
pub enum Ty {
    /// int, float, str, bool, datetime, date, duration, file, dir,
    /// dataframe, bytes, struct, any.
    Prim(&'static str),
    TypedFrame(Vec<(String, &'static str)>, Option<&'static str>),
    List(Box<Ty>),
    Dict(Box<Ty>),
    /// `dict[K, V]` with a key other than `str`.
    KeyedDict(&'static str, Box<Ty>),
    Optional(Box<Ty>),
    /// Members in written order; `none` may be one of them.
    Union(Vec<Ty>),
    NoneMember,
    Enum(String, Vec<String>),
    /// `literal[…]`: the values as `.task` string literals.
    Literal(Vec<&'static str>),
    /// Name and fields (name, type, whether it has a default).
    Record(String, Vec<(String, Ty, bool)>),
}

pub const SCALARS: &[&str] = &[
    "int", "float", "str", "bool", "datetime", "date", "duration",
];
/// Values of generated `literal[…]` types, as `.task` strings.
const LITERAL_VALUES: &[&str] = &[
    "\"fast\"",
    "\"slow\"",
    "\"on\"",
    "\"it's\"",
    "\"say \\\"hi\\\"\"",
    "\"naïve\"",
    "\"a b\"",
];
pub const OPAQUE: &[&str] = &["file", "dir", "dataframe", "bytes", "struct"];
/// Types the SDK reads from a Python class (never in a record, E0226): a
/// library's frame, `FlytePickle` and classes it pickles (standard library
/// classes, which the starter modules import).
pub const PYTHON_CLASSES: &[&str] = &[
    "dataframe[pandas]",
    "dataframe[pyarrow]",
    "dataframe[pandas, \"csv\"]",
    "pickle",
    "pickle[\"decimal.Decimal\"]",
    "pickle[\"fractions.Fraction\"]",
    "pickle[\"uuid.UUID\"]",
];

impl Ty {
    pub fn text(&self) -> String {
        match self {
            Ty::Prim(p) => p.to_string(),
            Ty::TypedFrame(cols, format) => {
                let cols: Vec<String> = cols.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                match format {
                    Some(f) => format!("dataframe[{{{}}}, \"{f}\"]", cols.join(", ")),
                    None => format!("dataframe[{{{}}}]", cols.join(", ")),
                }
            }
            Ty::List(t) => format!("list[{}]", t.text()),
            Ty::Dict(t) => format!("dict[str, {}]", t.text()),
            Ty::KeyedDict(k, v) => format!("dict[{k}, {}]", v.text()),
            Ty::Optional(t) => format!("{}?", t.text()),
            Ty::Union(members) => members.iter().map(Ty::text).collect::<Vec<_>>().join(" | "),
            Ty::NoneMember => "none".into(),
            Ty::Enum(name, _) | Ty::Record(name, _) => name.clone(),
            Ty::Literal(values) => format!("literal[{}]", values.join(", ")),
        }
    }

    /// Whether a dataframe with columns is inside, outside any record.
    pub fn holds_typed_frame(&self) -> bool {
        match self {
            Ty::TypedFrame(..) => true,
            Ty::List(t) | Ty::Dict(t) | Ty::Optional(t) | Ty::KeyedDict(_, t) => {
                t.holds_typed_frame()
            }
            Ty::Union(members) => members.iter().any(Ty::holds_typed_frame),
            _ => false,
        }
    }

    /// Whether the type can take a written default.
    pub fn has_literal(&self) -> bool {
        match self {
            Ty::Prim(p) => SCALARS.contains(p),
            Ty::TypedFrame(..) | Ty::NoneMember | Ty::KeyedDict(..) => false,
            Ty::List(_) | Ty::Dict(_) | Ty::Optional(_) | Ty::Enum(..) | Ty::Literal(_) => true,
            Ty::Union(members) => usable_members(members).iter().any(|m| m.has_literal()),
            Ty::Record(_, fields) => fields.iter().all(|(_, t, d)| *d || t.has_literal()),
        }
    }
}

/// The named types of a workspace, as they are generated.
#[derive(Default)]
pub struct Types {
    pub named: Vec<Ty>,
    pub decls: Vec<Decl>,
}

const DATETIMES: &[&str] = &[
    "\"2024-01-02T03:04:05Z\"",
    "\"2023-12-31T23:59:59+02:00\"",
    "\"2024-02-29T12:00:00.250Z\"",
    "\"1999-07-04T00:00:00-05:30\"",
];
const DATES: &[&str] = &["\"2024-01-02\"", "\"2000-02-29\""];
const DURATIONS: &[&str] = &["90m", "1h", "30s", "1h30m", "2d", "1.5s", "500ms", "0s"];
const STRINGS: &[&str] = &[
    "\"hello\"",
    "\"\"",
    "\"naïve café ☕\"",
    "\"tab\\there\"",
    "\"quote \\\" inside\"",
    "\"日本語\"",
];

/// A default written for `ty`.
pub fn literal(rng: &mut Rng, ty: &Ty, depth: usize) -> String {
    match ty {
        Ty::Prim("int") => rng
            .pick(&["0", "7", "-3", "1000000", "9007199254740993"])
            .to_string(),
        // Written as an int, a float or with an exponent: the SDK sees the
        // Python value's own type.
        Ty::Prim("float") => rng
            .pick(&["2.5", "3", "0", "-1", "1e3", "0.1", "100.0", "-0.5"])
            .to_string(),
        Ty::Prim("str") => rng.pick(STRINGS).to_string(),
        Ty::Prim("bool") => rng.pick(&["true", "false"]).to_string(),
        Ty::Prim("datetime") => rng.pick(DATETIMES).to_string(),
        Ty::Prim("date") => rng.pick(DATES).to_string(),
        Ty::Prim("duration") => rng.pick(DURATIONS).to_string(),
        Ty::List(t) => {
            let n = if depth > 2 || !t.has_literal() {
                0
            } else {
                rng.below(3)
            };
            let items: Vec<String> = (0..n).map(|_| literal(rng, t, depth + 1)).collect();
            format!("[{}]", items.join(", "))
        }
        Ty::Dict(t) => {
            let n = if depth > 2 || !t.has_literal() {
                0
            } else {
                rng.below(3)
            };
            let items: Vec<String> = (0..n)
                .map(|i| format!("k{i} = {}", literal(rng, t, depth + 1)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        Ty::Optional(t) => {
            if rng.chance(50) || !t.has_literal() {
                "none".into()
            } else {
                literal(rng, t, depth)
            }
        }
        Ty::Union(members) => {
            let usable: Vec<&Ty> = usable_members(members)
                .into_iter()
                .filter(|m| m.has_literal() || matches!(m, Ty::NoneMember))
                .collect();
            match usable.get(rng.below(usable.len())) {
                Some(Ty::NoneMember) | None => "none".into(),
                Some(m) => literal(rng, m, depth),
            }
        }
        Ty::Enum(_, members) => rng.pick(members).clone(),
        Ty::Literal(values) => rng.pick(values).to_string(),
        Ty::Record(_, fields) => {
            let mut entries: Vec<String> = Vec::new();
            for (n, t, has_default) in fields {
                if !*has_default || (t.has_literal() && depth < 3 && rng.chance(40)) {
                    entries.push(format!("{n} = {}", literal(rng, t, depth + 1)));
                }
            }
            if entries.is_empty() {
                "{}".into()
            } else {
                format!("{{ {} }}", entries.join(", "))
            }
        }
        _ => "none".into(),
    }
}

impl Types {
    /// Declare a few enums and records (records may use the earlier types).
    pub fn generate(rng: &mut Rng, files: usize) -> Types {
        let mut types = Types::default();
        for i in 0..rng.below(3) {
            let name = format!("Kind{i}");
            let count = 1 + rng.below(4);
            let upper = rng.chance(50);
            let members: Vec<String> = (0..count)
                .map(|m| {
                    if upper {
                        format!("M{m}")
                    } else {
                        format!("m_{m}")
                    }
                })
                .collect();
            // Some members carry a Python value other than their name.
            let valued = rng.chance(40);
            let written: Vec<String> = members
                .iter()
                .enumerate()
                .map(|(m, member)| match (valued, m % 3) {
                    (true, 0) => format!("{member} = \"{}\"", member.to_lowercase() + "-v"),
                    (true, 1) => format!("{member} = \"ünï {m}\""),
                    _ => member.clone(),
                })
                .collect();
            let mut decl = Decl::new(
                &name,
                format!("type {name} = enum {{ {} }}", written.join(", ")),
                rng.below(files),
            );
            if rng.chance(30) {
                decl.doc.push(format!("Enum {name} — für Tests."));
            }
            types.named.push(Ty::Enum(name, members));
            types.decls.push(decl);
        }
        for i in 0..rng.below(4) {
            let flavor = rng.below(100);
            // `Tup…` names mark the named tuples (see `named_in`).
            let (name, head) = match flavor {
                0..=34 => (format!("Rec{i}"), "record pydantic"),
                35..=49 => (format!("Tup{i}"), "record namedtuple"),
                _ => (format!("Rec{i}"), "record"),
            };
            let named_tuple = head == "record namedtuple";
            let head = format!("type {name} = {head}");
            let mut decl = Decl::new(&name, head, rng.below(files));
            let mut fields = Vec::new();
            for f in 0..1 + rng.below(5) {
                let ty = types.any(rng, 2, true);
                let field = format!("f{f}");
                // A named tuple's fields after one with a default need one
                // too (E0227): such a field is left out when it has none.
                let defaulted_before = named_tuple && fields.iter().any(|(_, _, d)| *d);
                let mut default = ty.has_literal() && (defaulted_before || rng.chance(45));
                let mut text = String::new();
                if rng.chance(20) {
                    text.push_str(&format!("/// Field {field}: ünïcode ✓\n"));
                }
                text.push_str(&format!("{field}: {}", ty.text()));
                if default {
                    // A default the SDK cannot send as written is a mutation.
                    let written = (0..3).find_map(|_| {
                        let candidate = format!("{text} = {}", literal(rng, &ty, 1));
                        let mut trial = decl.clone();
                        trial.items.push(Item::line(candidate.clone()));
                        probe::record_passes(&types.decls, &trial).then_some(candidate)
                    });
                    match written {
                        Some(candidate) => text = candidate,
                        None => default = false,
                    }
                }
                if defaulted_before && !default {
                    continue;
                }
                decl.items.push(Item::line(text));
                fields.push((field, ty, default));
            }
            types.named.push(Ty::Record(name, fields));
            types.decls.push(decl);
        }
        types
    }

    /// Any type, at most `depth` levels of nesting.
    pub fn any(&self, rng: &mut Rng, depth: usize, in_record: bool) -> Ty {
        let roll = rng.below(100);
        if depth == 0 || roll < 40 {
            return Ty::Prim(rng.word(SCALARS));
        }
        match roll {
            40..=47 => Ty::Prim(rng.word(OPAQUE)),
            48..=55 if !self.named_in(in_record).is_empty() => {
                rng.pick(&self.named_in(in_record)).clone()
            }
            48..=62 => Ty::List(Box::new(self.any(rng, depth - 1, in_record))),
            63..=70 => Ty::Dict(Box::new(self.any(rng, depth - 1, in_record))),
            71..=80 => {
                let inner = self.any(rng, depth - 1, in_record);
                match inner {
                    Ty::Optional(_) | Ty::Union(_) => inner,
                    // A dataframe with only a format may be optional; one
                    // with columns cannot be in a union (E0221, a mutation).
                    Ty::TypedFrame(_, Some(format)) if rng.chance(50) => {
                        Ty::Optional(Box::new(Ty::Prim(if format == "csv" {
                            "dataframe[\"csv\"]"
                        } else {
                            "dataframe[\"parquet\"]"
                        })))
                    }
                    other if other.holds_typed_frame() => other,
                    other => Ty::Optional(Box::new(other)),
                }
            }
            81..=90 => self.union(rng, depth, in_record),
            91..=92 if !in_record => Ty::Prim(rng.word(PYTHON_CLASSES)),
            93..=94 if !in_record => {
                let cols = (0..1 + rng.below(3))
                    // The SDK's DataFrame has no `date` column (E0202, a mutation).
                    .map(|c| {
                        (
                            format!("c{c}"),
                            *rng.pick(&["int", "float", "str", "bool", "datetime", "duration"]),
                        )
                    })
                    .collect();
                let format = rng.chance(60).then(|| *rng.pick(&["parquet", "csv"]));
                Ty::TypedFrame(cols, format)
            }
            95..=97 => Ty::KeyedDict(
                rng.word(&["int", "float", "bool"]),
                Box::new(Ty::Prim("str")),
            ),
            98..=99 => {
                // Distinct values (also ignoring case, E0206), some needing escapes.
                let mut values = rng.shuffled(LITERAL_VALUES);
                values.truncate(1 + rng.below(3));
                Ty::Literal(values)
            }
            _ => Ty::Prim(rng.word(SCALARS)),
        }
    }

    /// A union of two or three distinct members, in a random order, maybe with `none`.
    /// The named types a value may have: no named tuple in a record (a
    /// dataclass cannot hold one, E0226; pydantic holders are in the goldens).
    fn named_in(&self, in_record: bool) -> Vec<Ty> {
        self.named
            .iter()
            .filter(|t| !in_record || !matches!(t, Ty::Record(name, _) if name.starts_with("Tup")))
            .cloned()
            .collect()
    }

    fn union(&self, rng: &mut Rng, depth: usize, in_record: bool) -> Ty {
        let mut members: Vec<Ty> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..2 + rng.below(2) {
            let m = match rng.below(10) {
                0..=5 => Ty::Prim(rng.word(SCALARS)),
                6 if !self.named_in(in_record).is_empty() => {
                    rng.pick(&self.named_in(in_record)).clone()
                }
                7 => Ty::List(Box::new(Ty::Prim(rng.word(SCALARS)))),
                8 => Ty::Prim(rng.word(OPAQUE)),
                _ => Ty::Dict(Box::new(Ty::Prim(rng.word(SCALARS)))),
            };
            let _ = depth;
            if !seen.contains(&m.text()) {
                seen.push(m.text());
                members.push(m);
            }
        }
        if rng.chance(30) {
            let at = rng.below(members.len() + 1);
            members.insert(at, Ty::NoneMember);
        }
        if members.len() < 2 {
            members.push(Ty::NoneMember);
        }
        Ty::Union(members)
    }
}

/// The members of a union a default may be written for: a list or dict is
/// ambiguous to the SDK (E0216) when another container or a pickled member
/// (`bytes`) could take it, and so is a record's block, which a dict takes.
/// Beside `struct`, a `dict[…]` member never gets a block (E0210).
fn usable_members(members: &[Ty]) -> Vec<&Ty> {
    let pickled = members
        .iter()
        .any(|m| matches!(m, Ty::Prim("bytes" | "any")));
    let with_struct = members.iter().any(|m| matches!(m, Ty::Prim("struct")));
    let containers = members
        .iter()
        .filter(|m| matches!(m, Ty::List(_) | Ty::Dict(_)))
        .count();
    members
        .iter()
        .filter(|m| {
            !((pickled || containers > 1)
                && matches!(m, Ty::List(_) | Ty::Dict(_) | Ty::Record(..)))
                && !(with_struct && matches!(m, Ty::Dict(_)))
        })
        .collect()
}
