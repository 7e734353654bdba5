//! `resources { cpu, memory, gpu, disk, shm }`: shapes, Kubernetes quantity
//! syntax, and the SDK's accelerator list and partitions (flyte 2.12.1).

use super::accelerators::{
    ACCELERATORS, accelerator_devices, current_gpu_spelling, infer_class, known_devices,
    partitions_for,
};
use super::attr_values::{
    DeviceClass, Gpu, GpuDevice, Quantity, RequestLimit, Resources, Shm, Spanned,
};
use super::attrs::{GPU_ATTRS, RESOURCES_ATTRS, known_attrs};
use super::cx::Cx;
use super::python_float::python_float_repr;
use super::suggest_name;
use super::value_readers::{self, mismatch};
use crate::diagnostics::Code;
use crate::syntax::ast::{Value, ValueKind};

pub(crate) const BAD_RESOURCE: Code = Code::E0305;
pub(crate) const BAD_GPU: Code = Code::E0306;

/// Lower a `resources` block. `None` when the value is not a block at all;
/// bad fields are reported and left out.
pub(crate) fn lower_resources(cx: &mut Cx, v: &Value) -> Option<Resources> {
    let body = value_readers::block(cx, v, "resources")?;
    let mut out = Resources::default();
    for attr in known_attrs(cx, body, "resources", RESOURCES_ATTRS) {
        let v = &attr.value;
        match attr.key.name.as_str() {
            "cpu" => out.cpu = cpu(cx, v),
            "memory" => {
                out.memory =
                    request_limit(cx, v, "memory", |cx, v| quantity_string(cx, v, "memory"))
            }
            "gpu" => out.gpu = gpu(cx, v),
            "disk" => out.disk = quantity_string(cx, v, "disk"),
            "shm" => out.shm = shm(cx, v),
            _ => {}
        }
    }
    Some(out)
}

/// A scalar or a `[request, limit]` pair.
fn request_limit(
    cx: &mut Cx,
    v: &Value,
    what: &str,
    scalar: impl Fn(&mut Cx, &Value) -> Option<Quantity>,
) -> Option<RequestLimit> {
    match &v.kind {
        ValueKind::List(items) => {
            if items.len() != 2 {
                cx.error(
                    BAD_RESOURCE,
                    v.span,
                    format!(
                        "{what} tuple must have exactly two elements, got {}",
                        items.len()
                    ),
                    format!(
                        "write `{what} = [request, limit]`, or a single value for a request only"
                    ),
                );
                return None;
            }
            let request = scalar(cx, &items[0]);
            let limit = scalar(cx, &items[1]);
            Some(RequestLimit {
                request: request?,
                limit: Some(limit?),
            })
        }
        _ => Some(RequestLimit {
            request: scalar(cx, v)?,
            limit: None,
        }),
    }
}

fn cpu(cx: &mut Cx, v: &Value) -> Option<RequestLimit> {
    request_limit(cx, v, "cpu", |cx, v| {
        let at = cx.at(v.span);
        let negative = || "cpu must be greater than or equal to 0".to_string();
        match &v.kind {
            ValueKind::Int(n) if *n < 0 => {
                cx.error(
                    BAD_RESOURCE,
                    v.span,
                    negative(),
                    "use a number of cores such as `1`, `0.5` or `\"500m\"`",
                );
                None
            }
            ValueKind::Float(f) if *f < 0.0 || !f.is_finite() => {
                cx.error(
                    BAD_RESOURCE,
                    v.span,
                    negative(),
                    "use a number of cores such as `1`, `0.5` or `\"500m\"`",
                );
                None
            }
            ValueKind::Int(n) => Some(Quantity {
                text: n.to_string(),
                at,
            }),
            ValueKind::Float(f) => Some(Quantity {
                text: python_float_repr(*f),
                at,
            }),
            ValueKind::Str(s) => {
                if let Err(why) = check_quantity(&s.value) {
                    quantity_error(cx, v, "cpu", &s.value, why);
                    return None;
                }
                if s.value.starts_with('-') {
                    cx.error(
                        BAD_RESOURCE,
                        v.span,
                        negative(),
                        "use a number of cores such as `1`, `0.5` or `\"500m\"`",
                    );
                    return None;
                }
                Some(Quantity {
                    text: s.value.clone(),
                    at,
                })
            }
            _ => {
                mismatch(
                    cx,
                    v,
                    "cpu",
                    "a number, a quantity string such as `\"500m\"`, or `[request, limit]`",
                );
                None
            }
        }
    })
}

/// `memory`, `disk` and sizes: a Kubernetes quantity string.
pub(crate) fn quantity_string(cx: &mut Cx, v: &Value, what: &str) -> Option<Quantity> {
    match &v.kind {
        ValueKind::Str(s) => {
            if let Err(why) = check_quantity(&s.value) {
                quantity_error(cx, v, what, &s.value, why);
                return None;
            }
            if s.value.starts_with('-') {
                cx.error(
                    BAD_RESOURCE,
                    v.span,
                    format!("{what} must not be negative, got '{}'", s.value),
                    "use a size such as \"1Gi\"",
                );
                return None;
            }
            Some(Quantity {
                text: s.value.clone(),
                at: cx.at(v.span),
            })
        }
        ValueKind::Int(n) => {
            not_a_quantity_string(cx, v, what, "int", &n.to_string(), &format!("{n}"));
            None
        }
        ValueKind::Float(f) => {
            let shown = python_float_repr(*f);
            not_a_quantity_string(cx, v, what, "float", &shown, &shown);
            None
        }
        _ => {
            mismatch(cx, v, what, "a Kubernetes quantity string such as \"1Gi\"");
            None
        }
    }
}

fn not_a_quantity_string(
    cx: &mut Cx,
    v: &Value,
    what: &str,
    type_name: &str,
    shown: &str,
    suggestion: &str,
) {
    cx.error(
        BAD_RESOURCE,
        v.span,
        format!(
            "{what} must be a Kubernetes quantity string such as '1Gi', '512Mi' or '2G', got {type_name}: {shown}"
        ),
        format!(
            "write a quoted quantity with a unit, such as `\"{suggestion}Mi\"` or `\"1Gi\"` (a quoted number without a unit counts bytes)"
        ),
    );
}

fn quantity_error(cx: &mut Cx, v: &Value, what: &str, text: &str, why: &str) {
    let help = match guess_quantity_fix(text) {
        Some(fixed) => format!("did you mean \"{fixed}\"? Binary units are Ki, Mi, Gi, Ti, Pi, Ei; decimal k, M, G, T, P, E; CPU may use m"),
        None => "write a number with an optional unit: binary Ki, Mi, Gi, Ti, Pi, Ei; decimal m, k, M, G, T, P, E".to_string(),
    };
    cx.error(
        BAD_RESOURCE,
        v.span,
        format!("{what} '{text}' is not a Kubernetes quantity ({why})"),
        help,
    );
}

/// `4GB` → `4G`, `4gi` → `4Gi`, `512 Mi` → `512Mi`.
fn guess_quantity_fix(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let candidates = [
        compact.clone(),
        compact.trim_end_matches(['B', 'b']).to_string(),
        {
            let mut s = compact.clone();
            if let Some(i) = s.find(|c: char| c.is_ascii_alphabetic()) {
                let (num, unit) = s.split_at(i);
                let mut u = unit.to_string();
                if let Some(first) = u.get(..1) {
                    let up = if first == "m" || first == "k" {
                        first.to_string()
                    } else {
                        first.to_uppercase()
                    };
                    u = format!("{up}{}", u.get(1..).unwrap_or("").to_lowercase());
                }
                s = format!("{num}{}", u.trim_end_matches(['B', 'b']));
            }
            s
        },
    ];
    candidates
        .into_iter()
        .find(|c| c != text && !c.is_empty() && check_quantity(c).is_ok())
}

/// Kubernetes `resource.Quantity` syntax: a signed decimal number followed by
/// a binary-SI suffix (Ki…Ei), a decimal-SI suffix (n, u, m, k, M, G, T, P,
/// E) or a decimal exponent (e3, E-2).
pub(crate) fn check_quantity(text: &str) -> Result<(), &'static str> {
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    let digits_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(digits_end);
    if number.is_empty() || number == "." {
        return Err("it does not start with a number");
    }
    if number.matches('.').count() > 1 {
        return Err("the number has more than one decimal point");
    }
    match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T"
        | "P" | "E" => Ok(()),
        _ => {
            if let Some(exp) = suffix.strip_prefix(['e', 'E']) {
                let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
                if !exp.is_empty() && exp.chars().all(|c| c.is_ascii_digit()) {
                    return Ok(());
                }
            }
            Err("unknown unit")
        }
    }
}

fn shm(cx: &mut Cx, v: &Value) -> Option<Shm> {
    match &v.kind {
        ValueKind::Ident(w) | ValueKind::Str(crate::syntax::ast::StrLit { value: w, .. })
            if w == "auto" =>
        {
            Some(Shm::Auto { at: cx.at(v.span) })
        }
        ValueKind::Ident(_) => {
            mismatch(cx, v, "shm", "a size string such as \"1Gi\" or `auto`");
            None
        }
        _ => quantity_string(cx, v, "shm").map(Shm::Size),
    }
}

fn gpu(cx: &mut Cx, v: &Value) -> Option<Gpu> {
    let at = cx.at(v.span);
    match &v.kind {
        ValueKind::Int(n) => {
            if *n < 0 {
                cx.error(
                    BAD_GPU,
                    v.span,
                    "gpu must be greater than or equal to 0",
                    "use a GPU count such as `1`",
                );
                return None;
            }
            match u32::try_from(*n) {
                Ok(count) => Some(Gpu::Count { count, at }),
                Err(_) => {
                    cx.error(
                        BAD_GPU,
                        v.span,
                        format!("gpu count {n} is too large"),
                        "use a smaller count",
                    );
                    None
                }
            }
        }
        ValueKind::Str(s) => accelerator_string(cx, v, &s.value).map(Gpu::Device),
        ValueKind::Map(_) => gpu_block(cx, v).map(Gpu::Device),
        _ => {
            mismatch(
                cx,
                v,
                "gpu",
                "a count, an accelerator string such as \"A100:2\", or `{ device = \"A100\", count = 1 }`",
            );
            None
        }
    }
}

fn accelerator_string(cx: &mut Cx, v: &Value, written: &str) -> Option<GpuDevice> {
    // The SDK rewrites a deprecated device name before it checks the
    // string (`Resources.__post_init__`), so taskc checks the rewritten one.
    let current = current_gpu_spelling(written);
    let deprecated = current
        .is_some()
        .then(|| Spanned::new(written.to_string(), cx.at(v.span)));
    let text = current.as_deref().unwrap_or(written);
    if ACCELERATORS.contains(&text) {
        let (device, count) = match text.split_once(':') {
            Some((d, n)) => (d, n.parse::<u32>().unwrap_or(1)),
            None => (text, 1),
        };
        return Some(GpuDevice {
            device: device.to_string(),
            count,
            partition: None,
            class: infer_class(device).unwrap_or(DeviceClass::Gpu),
            at: cx.at(v.span),
            deprecated,
        });
    }
    let device = text.split_once(':').map_or(text, |(d, _)| d);
    let valid: Vec<&str> = ACCELERATORS
        .iter()
        .copied()
        .filter(|a| a.split_once(':').map_or(*a, |(d, _)| d) == device)
        .collect();
    let help = if valid.is_empty() {
        let devices = accelerator_devices();
        match suggest_name(device, &devices) {
            Some(s) => format!("did you mean `{s}`? Known devices: {}", devices.join(", ")),
            None => format!("known devices: {}", devices.join(", ")),
        }
    } else {
        let quoted: Vec<String> = valid.iter().map(|a| format!("\"{a}\"")).collect();
        format!("valid for {device}: {}", quoted.join(", "))
    };
    cx.error(
        BAD_GPU,
        v.span,
        format!("gpu must be one of the accelerator strings the Flyte SDK accepts (typing.Literal Accelerators), got {text}"),
        help,
    );
    None
}

fn gpu_block(cx: &mut Cx, v: &Value) -> Option<GpuDevice> {
    let body = value_readers::block(cx, v, "gpu")?;
    let mut device: Option<(String, crate::source::Span)> = None;
    let mut count: Option<u32> = None;
    let mut partition: Option<(String, crate::source::Span)> = None;
    let mut class: Option<DeviceClass> = None;
    let mut class_span: Option<crate::source::Span> = None;
    let mut ok = true;
    let before = cx.diags.len();
    for attr in known_attrs(cx, body, "gpu", GPU_ATTRS) {
        let v = &attr.value;
        match attr.key.name.as_str() {
            "device" => match value_readers::string(cx, v, "gpu.device") {
                Some(s) => device = Some((s, v.span)),
                None => ok = false,
            },
            "count" => match value_readers::count(cx, v, "gpu.count", 1, BAD_GPU) {
                Some(n) => count = Some(n),
                None => ok = false,
            },
            "partition" => match value_readers::string(cx, v, "gpu.partition") {
                Some(s) => partition = Some((s, v.span)),
                None => ok = false,
            },
            "class" => match value_readers::word(
                cx,
                v,
                "gpu.class",
                &["gpu", "tpu", "neuron", "amd", "gaudi"],
            ) {
                Some(w) => {
                    class = Some(class_from_word(w));
                    class_span = Some(v.span);
                }
                None => ok = false,
            },
            _ => {}
        }
    }
    let Some((mut device, device_span)) = device else {
        if ok && cx.diags.len() == before {
            cx.error(
                BAD_GPU,
                body.span,
                "`gpu { … }` needs a `device`",
                "add `device = \"A100\"` (or write `gpu = 1` for any GPU)",
            );
        }
        return None;
    };
    // `flyte.GPU(device=…)` rewrites a deprecated name as the string form does.
    let mut deprecated = None;
    if let Some(current) = current_gpu_spelling(&device) {
        deprecated = Some(Spanned::new(
            std::mem::replace(&mut device, current),
            cx.at(device_span),
        ));
    }
    let inferred = infer_class(&device);
    let class = match (class, inferred) {
        (Some(c), Some(i)) if c != i => {
            let at = class_span.unwrap_or(device_span);
            cx.error(
                BAD_GPU,
                at,
                format!("`{device}` is a {} device, not {}", i.word(), c.word()),
                format!(
                    "write `class = {}`, or leave `class` out: it is inferred for known devices",
                    i.word()
                ),
            );
            return None;
        }
        (Some(c), _) => c,
        (None, Some(c)) => c,
        (None, None) => {
            let devices = known_devices();
            let help = match suggest_name(&device, &devices) {
                Some(s) => format!(
                    "did you mean `{s}`? For a device taskc does not know, set `class` (gpu, tpu, neuron, amd or gaudi)"
                ),
                None => {
                    "set `class` (gpu, tpu, neuron, amd or gaudi) for a device taskc does not know"
                        .to_string()
                }
            };
            cx.error(
                BAD_GPU,
                device_span,
                format!("unknown accelerator device `{device}`"),
                help,
            );
            return None;
        }
    };
    if let Some((p, span)) = &partition {
        if let Some(allowed) = partitions_for(&device) {
            if !allowed.contains(&p.as_str()) {
                let list: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
                cx.error(
                    BAD_GPU,
                    *span,
                    format!(
                        "Invalid partition for {device}: {p}. Must be one of ({})",
                        list.join(", ")
                    ),
                    match suggest_name(p, allowed) {
                        Some(s) => format!("did you mean \"{s}\"?"),
                        None => format!("{device} partitions are {}", list.join(", ")),
                    },
                );
                return None;
            }
        }
    }
    if !ok {
        return None;
    }
    Some(GpuDevice {
        device,
        count: count.unwrap_or(1),
        partition: partition.map(|(p, _)| p),
        class,
        at: cx.at(v.span),
        deprecated,
    })
}

fn class_from_word(w: &str) -> DeviceClass {
    match w {
        "tpu" => DeviceClass::Tpu,
        "neuron" => DeviceClass::Neuron,
        "amd" => DeviceClass::Amd,
        "gaudi" => DeviceClass::Gaudi,
        _ => DeviceClass::Gpu,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_follow_kubernetes_syntax() {
        for ok in [
            "1", "0.5", "500m", "1Gi", "512Mi", "2G", "1e3", "1.5Ti", "+1", ".5",
        ] {
            assert!(check_quantity(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Gi", "1GB", "1 Gi", "1gi", "1..2", "abc", "1e", "1Gb"] {
            assert!(check_quantity(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn quantity_fixes_are_suggested() {
        assert_eq!(guess_quantity_fix("4GB").as_deref(), Some("4G"));
        assert_eq!(guess_quantity_fix("4gi").as_deref(), Some("4Gi"));
        assert_eq!(guess_quantity_fix("512 Mi").as_deref(), Some("512Mi"));
    }
}
