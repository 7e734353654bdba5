//! Values of the settings attributes, driven by the attribute table
//! (`core/src/semantic/schema/table.rs`): every row that may be written at
//! a place is generated there, from hand-written variants where this file
//! knows the attribute, else from the row's `example` column, so a new
//! attribute is covered without touching the generator.

use taskc_core::semantic::schema::{ATTRIBUTES, AttrSchema, Kinds, OnOverride, Places, Written};

use super::ws::{Item, Rng};

/// Where an attribute is being written, and what it must respect there.
#[derive(Clone, Copy)]
pub struct Site {
    pub place: Places,
    /// The kind of the template (templates and overrides).
    pub kind: Kinds,
    /// The env (or the template's env) is reusable.
    pub reusable: bool,
    /// The env has a plugin (or is a child, which cannot set one).
    pub no_plugin: bool,
    /// The template is async (for reusable concurrency).
    pub all_async: bool,
    /// An override of a task whose reusable policy stays on.
    pub keeps_reuse: bool,
}

/// Rows that may be written at `site`, in table order.
pub fn rows_for(site: &Site) -> Vec<&'static AttrSchema> {
    ATTRIBUTES
        .iter()
        .filter(|a| a.setting)
        .filter(|a| {
            if site.place == Places::OVERRIDE {
                matches!(a.on_override, OnOverride::Sdk(_))
            } else {
                a.places.has(site.place)
            }
        })
        .filter(|a| site.place.any(Places::ENV) || a.applies_to(site.kind))
        .collect()
}

fn quantity(rng: &mut Rng) -> String {
    let q = rng.pick(&[
        "\"512Mi\"",
        "\"1Gi\"",
        "\"2G\"",
        "\"4Gi\"",
        "\"100M\"",
        "\"1.5Gi\"",
    ]);
    if rng.chance(25) {
        format!("[{q}, \"8Gi\"]")
    } else {
        q.to_string()
    }
}

fn cpu(rng: &mut Rng) -> String {
    let c = rng.pick(&[
        "1",
        "2",
        "0.5",
        "\"500m\"",
        "\"2\"",
        "1.25",
        "\"1500m\"",
        "3",
    ]);
    if rng.chance(25) {
        format!("[{c}, 4]")
    } else {
        c.to_string()
    }
}

fn gpu(rng: &mut Rng, accelerators: &[&str]) -> String {
    match rng.below(5) {
        0 => rng.pick(&["0", "1", "2"]).to_string(),
        1 | 2 => format!("\"{}\"", rng.pick(accelerators)),
        3 => {
            let (device, part) = *rng.pick(&[
                ("A100", "1g.5gb"),
                ("A100", "7g.40gb"),
                ("H100", "3g.40gb"),
                ("A100_80G", "2g.20gb"),
            ]);
            format!("{{ device = \"{device}\", partition = \"{part}\" }}")
        }
        _ => {
            let (device, class, part) = *rng.pick(&[
                ("V5P", "tpu", Some("2x2x1")),
                ("V5E", "tpu", Some("2x4")),
                ("V6E", "tpu", None),
                ("Inf2", "neuron", None),
                ("Trn1", "neuron", None),
                ("MI300X", "amd", None),
                ("Gaudi1", "gaudi", None),
                ("T4", "gpu", None),
                ("L4", "gpu", None),
            ]);
            let mut text = format!("{{ device = \"{device}\"");
            if rng.chance(50) {
                text.push_str(&format!(", count = {}", 1 + rng.below(4)));
            }
            if let Some(p) = part {
                text.push_str(&format!(", partition = \"{p}\""));
            }
            if rng.chance(50) {
                text.push_str(&format!(", class = {class}"));
            }
            text.push_str(" }");
            text
        }
    }
}

fn resources(rng: &mut Rng, accelerators: &[&str]) -> String {
    let mut parts = Vec::new();
    if rng.chance(70) {
        parts.push(format!("cpu = {}", cpu(rng)));
    }
    if rng.chance(70) {
        parts.push(format!("memory = {}", quantity(rng)));
    }
    if rng.chance(30) {
        parts.push(format!("gpu = {}", gpu(rng, accelerators)));
    }
    if rng.chance(25) {
        parts.push(format!("disk = {}", rng.pick(&["\"10Gi\"", "\"50G\""])));
    }
    if rng.chance(20) {
        parts.push(format!("shm = {}", rng.pick(&["auto", "\"1Gi\""])));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn secrets(rng: &mut Rng, n: usize) -> String {
    let forms = [
        format!("\"key-{n}\""),
        format!("{{ key = \"db-{n}\", group = \"grp\" }}"),
        format!("{{ key = \"api{n}\", env_var = \"API_{n}_TOKEN\" }}"),
        format!("{{ key = \"cert{n}\", mount = \"/etc/flyte/secrets\" }}"),
        "\"shared\"".to_string(),
    ];
    let items: Vec<String> = (0..1 + rng.below(3))
        .map(|_| rng.pick(&forms).clone())
        .collect();
    let mut unique: Vec<String> = Vec::new();
    for item in items {
        if !unique.contains(&item) {
            unique.push(item);
        }
    }
    format!("[{}]", unique.join(", "))
}

fn cache(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => "= auto".into(),
        1 => "= override".into(),
        2 => "= disable".into(),
        3 => "{ behavior = auto, version = \"v3\" }".into(),
        4 => "{ behavior = override, serialize = true, max_age = 1h, salt = \"s\" }".into(),
        _ => "{ behavior = disable, max_age = 60s }".into(),
    }
}

fn reusable(rng: &mut Rng, all_async: bool) -> String {
    let mut parts = vec![format!(
        "replicas = {}",
        rng.pick(&["1", "2", "[1, 3]", "[2, 2]"])
    )];
    if rng.chance(50) {
        let c = if all_async {
            *rng.pick(&["1", "2", "8"])
        } else {
            "1"
        };
        parts.push(format!("concurrency = {c}"));
    }
    if rng.chance(40) {
        parts.push(format!("idle_ttl = {}", rng.pick(&["30s", "5m", "90s"])));
    }
    if rng.chance(40) {
        parts.push(format!("scaledown_ttl = {}", rng.pick(&["30s", "2m"])));
    }
    if rng.chance(40) {
        parts.push(format!("scope = {}", rng.pick(&["global", "run"])));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn pod_template(rng: &mut Rng) -> String {
    let written = match rng.below(3) {
        0 => return "= \"named-template\"".into(),
        1 => "labels { team = \"t\" }, annotations { \"a.b/c\" = \"d\" }".to_string(),
        _ => "primary_container_name = \"main\"\n  pod_spec {\n    containers = [{ name = \"main\", env = [{ name = \"K\", value = \"v\" }] }]\n    tolerations = [{ key = \"gpu\", operator = \"Exists\", effect = \"NoSchedule\" }]\n    nodeSelector { pool = \"a\" }\n  }".to_string(),
    };
    // The SDK's helpers; `privileged` and nested sandboxing conflict.
    let mut helpers = Vec::new();
    let privileged = rng.chance(15);
    if privileged {
        helpers.push("allow_fuse = privileged");
    } else if rng.chance(25) {
        helpers.push("allow_fuse = true");
    }
    if !privileged && rng.chance(20) {
        helpers.push("allow_nested_sandboxing = true");
    }
    if rng.chance(20) {
        helpers.push(if rng.chance(50) {
            "termination_grace_period = 10m"
        } else {
            "termination_grace_period = 45"
        });
    }
    let mut lines = vec![written];
    lines.extend(helpers.into_iter().map(String::from));
    format!("{{\n  {}\n}}", lines.join("\n  "))
}

fn image(rng: &mut Rng) -> String {
    match rng.below(9) {
        0 => "= auto".into(),
        1 | 2 => "= \"ghcr.io/acme/app:1.0\"".into(),
        3 => "{ base = \"python:3.12-slim\" }".into(),
        4 => "{ python = \"3.12\" }".into(),
        5 | 6 => image_recipe(rng),
        7 => "{ python = \"3.13\", flyte_version = \"2.11.0\" }".into(),
        _ => "{}".into(),
    }
}

/// `image += { … }` on an inherited image that takes layers: steps, and a
/// new name or registry (a name always when the base has none).
pub fn image_layers(rng: &mut Rng, needs_name: bool) -> String {
    let mut keys: Vec<String> = Vec::new();
    if needs_name || rng.chance(40) {
        keys.push("name = \"gen-layered\"".into());
    }
    if rng.chance(30) {
        keys.push("registry = \"registry.acme.io/more\"".into());
    }
    keys.extend(recipe_steps(rng));
    format!("+= {{\n    {}\n  }}", keys.join("\n    "))
}

/// Recipe steps in random order (the SDK hashes them in call order), with
/// pip options when there is a pip layer.
fn recipe_steps(rng: &mut Rng) -> Vec<String> {
    // The files are those of `assets.rs`, the root of every workspace.
    let mut steps = vec![
        "apt_packages = [\"curl\", \"git\"]",
        "commands = [\"echo ü\", \"uv --version\"]",
        "env_vars { LOG = \"debug\", EMPTY = \"\" }",
        "workdir = \"/app\"",
        "requirements = \"requirements.txt\"",
        "source_files = [\"config.yaml\", \"bin/run.sh\"]",
        "source_folder = \"src\"",
        "uv_project = \"proj/pyproject.toml\"",
        "poetry_project = \"poetry/pyproject.toml\"",
    ];
    steps.retain(|_| rng.chance(35));
    let mut keys: Vec<String> = Vec::new();
    if rng.chance(60) {
        let at = rng.below(steps.len() + 1);
        steps.insert(at, "pip_packages = [\"pandas==2.2.3\", \"numpy\"]");
        if rng.chance(40) {
            keys.push("pip_index_url = \"https://pypi.example.com/simple\"".into());
            keys.push(
                "pip_extra_index_urls = [\"https://a.example.com\", \"https://b.example.com\"]"
                    .into(),
            );
        }
        if rng.chance(40) {
            keys.push("pip_pre = true".into());
            keys.push("pip_extra_args = \"--no-cache\"".into());
        }
    }
    if steps.is_empty() {
        steps.push("workdir = \"/srv\"");
    }
    keys.extend(steps.into_iter().map(String::from));
    keys
}

/// An image built before deploy: a base (a Dockerfile or a uv script
/// now and then), then recipe steps.
fn image_recipe(rng: &mut Rng) -> String {
    let mut keys: Vec<String> = Vec::new();
    if rng.chance(10) {
        return "{ dockerfile = \"Dockerfile\", registry = \"ghcr.io/acme\", name = \"dock\" }"
            .into();
    }
    if rng.chance(25) {
        keys.push("uv_script = \"jobs/etl.py\"".into());
        keys.push("name = \"etl\"".into());
        if rng.chance(50) {
            keys.push("python = \"3.12\"".into());
        }
    } else if rng.chance(40) {
        keys.push("base = \"python:3.12-slim\"".into());
        keys.push("name = \"gen\"".into());
    } else {
        if rng.chance(30) {
            keys.push("install_flyte = false".into());
        }
        if rng.chance(50) {
            keys.push("name = \"gen\"".into());
        }
    }
    if rng.chance(60) {
        keys.push("registry = \"ghcr.io/acme\"".into());
    }
    if rng.chance(20) {
        keys.push("platform = [\"linux/amd64\", \"linux/arm64\"]".into());
    }
    keys.extend(recipe_steps(rng));
    format!("{{\n    {}\n  }}", keys.join("\n    "))
}

fn links(rng: &mut Rng) -> String {
    let mut items =
        vec!["{ name = \"dash\", uri = \"https://dash.example.com/{run_name}/{action_name}\" }"];
    if rng.chance(50) {
        items.push("{ name = \"logs\", uri = \"https://logs/{project}/{domain}/{pod_name}\", icon_uri = \"https://i/x.svg\" }");
    }
    if rng.chance(30) {
        items.push(
            "{ name = \"empty icon\", uri = \"https://p/{parent_action_name}\", icon_uri = \"\" }",
        );
    }
    format!("= [{}]", items.join(", "))
}

/// One written value of `row` at `site` (the text after the name).
pub fn value(
    rng: &mut Rng,
    row: &AttrSchema,
    site: &Site,
    n: usize,
    accelerators: &[&str],
) -> Option<String> {
    let text = match row.name {
        "image" => image(rng),
        "resources" => resources(rng, accelerators),
        "env_vars" => {
            let pairs = ["LOG_LEVEL = \"debug\"", "REGION = \"eu\"", "EMPTY = \"\"", "UNICODE = \"ü✓\""];
            let chosen: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(&pairs)).collect();
            let mut unique: Vec<&str> = Vec::new();
            for p in chosen {
                if !unique.contains(&p) {
                    unique.push(p);
                }
            }
            let op = if site.place != Places::ROOT_ENV && rng.chance(50) { "+= " } else { "" };
            format!("{op}{{ {}, N{n} = \"{n}\" }}", unique.join(", "))
        }
        "secrets" => {
            let op = if site.place != Places::ROOT_ENV && rng.chance(50) { "+=" } else { "=" };
            format!("{op} {}", secrets(rng, n))
        }
        "service_account" => format!("= \"sa-{}\"", rng.below(3)),
        "cache" => cache(rng),
        "reusable" => {
            if site.place == Places::OVERRIDE && rng.chance(50) {
                "= off".into()
            } else {
                reusable(rng, site.all_async)
            }
        }
        "interruptible" | "report" | "entrypoint" | "produces_artifacts" => {
            format!("= {}", rng.pick(&["true", "false"]))
        }
        "debuggable" => {
            if site.reusable && site.place != Places::OVERRIDE {
                "= false".into()
            } else {
                format!("= {}", rng.pick(&["true", "false"]))
            }
        }
        "queue" => format!("= \"queue-{}\"", rng.below(3)),
        "pod_template" => pod_template(rng),
        "description" => rng
            .pick(&[
                "= \"An environment.\"",
                "= \"Ümlaut — ☃ env\"",
                "= \"A very long description that goes on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on.\"",
            ])
            .to_string(),
        "retries" => rng
            .pick(&[
                "= 0",
                "= 3",
                "{ count = 2 }",
                "{ count = 3, backoff { base = 10s, factor = 2.0, cap = 5m } }",
                "{ count = 1, backoff { base = 1s } }",
            ])
            .to_string(),
        "timeout" => rng
            .pick(&[
                "= 5m",
                "= 1h30m",
                "{ max_runtime = 10m, max_queued_time = 1h }",
                "{ max_queued_time = 30m, deadline = 2h }",
            ])
            .to_string(),
        "short_name" => rng
            .pick(&[
                "= \"short\"",
                "= \"ünïcode-näme\"",
                "= \"a-very-long-short-name-that-exceeds-the-sixty-three-character-limit-of-flyte\"",
            ])
            .to_string(),
        "max_inline_io_bytes" => rng
            .pick(&["= 1024", "= \"1MiB\"", "= \"5MB\"", "= \"2GiB\"", "= \"100B\""])
            .to_string(),
        "links" => links(rng),
        "plugin" => super::plugins::plugin(rng),
        // A row this generator does not know: its table example.
        _ => row.example.to_string(),
    };
    Some(text)
}

/// `name value` as an item of a body.
pub fn item(row: &AttrSchema, value: String) -> Item {
    let sep = if row.written == Written::Labeled
        || value.starts_with('=')
        || value.starts_with("+=")
        || value.starts_with('{')
    {
        " "
    } else {
        " = "
    };
    Item::line(format!("{}{sep}{value}", row.name))
}
