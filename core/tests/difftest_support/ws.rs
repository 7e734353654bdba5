//! A generated workspace as data: declarations made of items, so that the
//! shrinker can drop any of them, and rendered to `.task` text that goes
//! through the parser like any hand-written workspace.

use std::fmt::Write;

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same workspace on every machine.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of `items`, drawn as [`Rng::pick`] draws it.
    pub fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// Some of `items`, in a random order.
    pub fn shuffled<T: Clone>(&mut self, items: &[T]) -> Vec<T> {
        let mut out = items.to_vec();
        for i in (1..out.len()).rev() {
            let j = self.below(i + 1);
            out.swap(i, j);
        }
        out
    }
}

/// One entry of a declaration's body: a line, or a block whose lines the
/// shrinker may drop one by one.
#[derive(Clone, Debug)]
pub struct Item {
    pub head: String,
    pub children: Vec<String>,
    /// Whether the item is a block (`head {` … `}`).
    pub block: bool,
}

impl Item {
    pub fn line(text: impl Into<String>) -> Item {
        Item {
            head: text.into(),
            children: Vec::new(),
            block: false,
        }
    }

    pub fn block(head: impl Into<String>, children: Vec<String>) -> Item {
        Item {
            head: head.into(),
            children,
            block: true,
        }
    }
}

/// A top-level declaration (`type`, `env`, `template`, `override`).
#[derive(Clone, Debug)]
pub struct Decl {
    pub name: String,
    /// `///` lines written above it.
    pub doc: Vec<String>,
    pub head: String,
    pub items: Vec<Item>,
    /// Which `.task` file holds it.
    pub file: usize,
}

impl Decl {
    pub fn new(name: &str, head: String, file: usize) -> Decl {
        Decl {
            name: name.to_string(),
            doc: Vec::new(),
            head,
            items: Vec::new(),
            file,
        }
    }
}

/// A generated workspace: `taskc.toml` and its declarations.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub seed: u64,
    pub toml: String,
    pub decls: Vec<Decl>,
}

impl Workspace {
    /// The `.task` files, `(path, text)`, in file order.
    pub fn files(&self) -> Vec<(String, String)> {
        let count = self.decls.iter().map(|d| d.file + 1).max().unwrap_or(1);
        (0..count)
            .map(|file| {
                let mut text = String::new();
                for decl in self.decls.iter().filter(|d| d.file == file) {
                    render_decl(decl, &mut text);
                }
                (format!("gen{file}.task"), text)
            })
            .collect()
    }

    /// Everything, as a reader wants it in a failure report.
    pub fn render(&self) -> String {
        let mut out = format!("# seed {}\n# taskc.toml\n{}", self.seed, self.toml);
        for (path, text) in self.files() {
            let _ = write!(out, "\n// {path}\n{text}");
        }
        out
    }

    /// Write `taskc.toml` and the `.task` files into `dir`.
    pub fn write_to(&self, dir: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("taskc.toml"), &self.toml)?;
        for (path, text) in self.files() {
            std::fs::write(dir.join(path), text)?;
        }
        Ok(())
    }
}

fn render_decl(decl: &Decl, out: &mut String) {
    for line in &decl.doc {
        if line.is_empty() {
            out.push_str("///\n");
        } else {
            let _ = writeln!(out, "/// {line}");
        }
    }
    if decl.items.is_empty() && !decl.head.starts_with("type") {
        let _ = writeln!(out, "{} {{}}\n", decl.head);
        return;
    }
    if decl.head.starts_with("type") && decl.items.is_empty() {
        let _ = writeln!(out, "{}\n", decl.head);
        return;
    }
    let _ = writeln!(out, "{} {{", decl.head);
    for item in &decl.items {
        if item.block {
            let _ = writeln!(out, "  {} {{", item.head);
            for child in &item.children {
                for line in child.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
            out.push_str("  }\n");
        } else {
            for line in item.head.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    out.push_str("}\n\n");
}
