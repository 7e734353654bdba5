//! `resources { cpu, memory, gpu, disk, shm }`: shapes, Kubernetes quantity
//! syntax, and the SDK's accelerator list and partitions (flyte 2.12.1).

use super::attr_values::{DeviceClass, Gpu, GpuDevice, Quantity, RequestLimit, Resources, Shm};
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

fn accelerator_string(cx: &mut Cx, v: &Value, text: &str) -> Option<GpuDevice> {
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
    let Some((device, device_span)) = device else {
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

/// The device class of a device the SDK knows.
pub(crate) fn infer_class(device: &str) -> Option<DeviceClass> {
    if TPU_DEVICES.contains(&device) {
        return Some(DeviceClass::Tpu);
    }
    if NEURON_DEVICES.contains(&device) {
        return Some(DeviceClass::Neuron);
    }
    if AMD_DEVICES.contains(&device) {
        return Some(DeviceClass::Amd);
    }
    if GAUDI_DEVICES.contains(&device) {
        return Some(DeviceClass::Gaudi);
    }
    if accelerator_devices().contains(&device) {
        return Some(DeviceClass::Gpu);
    }
    None
}

/// `extended_resources.gpu_accelerator.device` for an SDK device name: the
/// SDK's `ACCELERATOR_DEVICE_MAP` (flyte 2.12.1,
/// `_internal/runtime/resources_serde.py`); other names go out as written.
pub(crate) fn wire_device_name(device: &str) -> &str {
    match device {
        "A100" => "nvidia-tesla-a100",
        "A100_80G" | "A100 80G" => "nvidia-a100-80gb",
        "H100" => "nvidia-tesla-h100",
        "A10" => "nvidia-a10",
        "A10G" => "nvidia-a10g",
        "A100G" => "nvidia-a100g",
        "L4" => "nvidia-l4",
        "L40s" => "nvidia-l40s",
        "L4_VWS" => "nvidia-l4-vws",
        "K80" => "nvidia-tesla-k80",
        "M60" => "nvidia-tesla-m60",
        "P4" => "nvidia-tesla-p4",
        "P100" => "nvidia-tesla-p100",
        "RTX_PRO_4500" => "nvidia-rtx-pro-4500",
        "RTX_PRO_6000" | "RTX PRO 6000" => "nvidia-rtx-pro-6000",
        "T4" => "nvidia-tesla-t4",
        "V100" => "nvidia-tesla-v100",
        "V5E" => "tpu-v5-lite-podslice",
        "V5P" => "tpu-v5p-slice",
        "V6E" => "tpu-v6e-slice",
        other => other,
    }
}

fn partitions_for(device: &str) -> Option<&'static [&'static str]> {
    Some(match device {
        "A100" => &["1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"],
        "A100_80G" => &["1g.10gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"],
        "H100" => &[
            "1g.10gb", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb",
        ],
        "H200" => &[
            "1g.18gb", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb",
        ],
        "V5P" => &[
            "2x2x1", "2x2x2", "2x4x4", "4x4x4", "4x4x8", "4x8x8", "8x8x8", "8x8x16", "8x16x16",
            "16x16x16", "16x16x24",
        ],
        "V5E" | "V6E" => &["1x1", "2x2", "2x4", "4x4", "4x8", "8x8", "8x16", "16x16"],
        _ => return None,
    })
}

const TPU_DEVICES: &[&str] = &["V5P", "V5E", "V6E"];
const NEURON_DEVICES: &[&str] = &["Inf1", "Inf2", "Trn1", "Trn1n", "Trn2", "Trn2u"];
const AMD_DEVICES: &[&str] = &[
    "MI100", "MI210", "MI250", "MI250X", "MI300A", "MI300X", "MI325X", "MI350X", "MI355X",
];
const GAUDI_DEVICES: &[&str] = &["Gaudi1"];

/// Device names of the accelerator strings, in list order, without repeats.
fn accelerator_devices() -> Vec<&'static str> {
    let mut out: Vec<&str> = Vec::new();
    for a in ACCELERATORS {
        let d = a.split_once(':').map_or(*a, |(d, _)| d);
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// Every device taskc can infer a class for.
fn known_devices() -> Vec<&'static str> {
    let mut out = accelerator_devices();
    for d in TPU_DEVICES {
        if !out.contains(d) {
            out.push(d);
        }
    }
    out
}

/// The SDK's `Accelerators` literal (flyte 2.12.1, conformance case 40),
/// without `"AppleSilicon"` and `"AppleSilicon:1"`: the SDK lists them but
/// rejects them at import ("The Apple Silicon device is
/// device=\"AppleSilicon\" with device_class=\"APPLE_SILICON\"").
pub(crate) const ACCELERATORS: &[&str] = &[
    "A2:1",
    "A10:1",
    "A10:2",
    "A10:3",
    "A10:4",
    "A10:5",
    "A10:6",
    "A10:7",
    "A10:8",
    "A10G:1",
    "A10G:2",
    "A10G:3",
    "A10G:4",
    "A10G:5",
    "A10G:6",
    "A10G:7",
    "A10G:8",
    "A100:1",
    "A100:2",
    "A100:3",
    "A100:4",
    "A100:5",
    "A100:6",
    "A100:7",
    "A100:8",
    "A100_80G:1",
    "A100_80G:2",
    "A100_80G:3",
    "A100_80G:4",
    "A100_80G:5",
    "A100_80G:6",
    "A100_80G:7",
    "A100_80G:8",
    "B200:1",
    "B200:2",
    "B200:3",
    "B200:4",
    "B200:5",
    "B200:6",
    "B200:7",
    "B200:8",
    "H100:1",
    "H100:2",
    "H100:3",
    "H100:4",
    "H100:5",
    "H100:6",
    "H100:7",
    "H100:8",
    "H200:1",
    "H200:2",
    "H200:3",
    "H200:4",
    "H200:5",
    "H200:6",
    "H200:7",
    "H200:8",
    "L4:1",
    "L4:2",
    "L4:3",
    "L4:4",
    "L4:5",
    "L4:6",
    "L4:7",
    "L4:8",
    "L40s:1",
    "L40s:2",
    "L40s:3",
    "L40s:4",
    "L40s:5",
    "L40s:6",
    "L40s:7",
    "L40s:8",
    "V100:1",
    "V100:2",
    "V100:3",
    "V100:4",
    "V100:5",
    "V100:6",
    "V100:7",
    "V100:8",
    "RTX_PRO_4500:1",
    "RTX_PRO_6000:1",
    "RTX_PRO_6000:2",
    "GB10:1",
    "T4:1",
    "T4:2",
    "T4:3",
    "T4:4",
    "T4:5",
    "T4:6",
    "T4:7",
    "T4:8",
    "T4 shared:1",
    "L4 shared:1",
    "A10G shared:1",
    "A10 shared:1",
    "L40S shared:1",
    "Trn1:1",
    "Trn1:4",
    "Trn1:8",
    "Trn1:16",
    "Trn1n:1",
    "Trn1n:4",
    "Trn1n:8",
    "Trn1n:16",
    "Trn2:1",
    "Trn2:4",
    "Trn2:8",
    "Trn2:16",
    "Trn2u:1",
    "Trn2u:4",
    "Trn2u:8",
    "Trn2u:16",
    "Inf1:1",
    "Inf1:2",
    "Inf1:3",
    "Inf1:4",
    "Inf1:5",
    "Inf1:6",
    "Inf1:7",
    "Inf1:8",
    "Inf1:9",
    "Inf1:10",
    "Inf1:11",
    "Inf1:12",
    "Inf1:13",
    "Inf1:14",
    "Inf1:15",
    "Inf1:16",
    "Inf2:1",
    "Inf2:2",
    "Inf2:3",
    "Inf2:4",
    "Inf2:5",
    "Inf2:6",
    "Inf2:7",
    "Inf2:8",
    "Inf2:9",
    "Inf2:10",
    "Inf2:11",
    "Inf2:12",
    "MI100:1",
    "MI210:1",
    "MI250:1",
    "MI250X:1",
    "MI300A:1",
    "MI300X:1",
    "MI325X:1",
    "MI350X:1",
    "MI355X:1",
    "Gaudi1:1",
];

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

    #[test]
    fn device_classes_are_inferred() {
        assert_eq!(infer_class("V5P"), Some(DeviceClass::Tpu));
        assert_eq!(infer_class("Inf2"), Some(DeviceClass::Neuron));
        assert_eq!(infer_class("MI300X"), Some(DeviceClass::Amd));
        assert_eq!(infer_class("A100"), Some(DeviceClass::Gpu));
        assert_eq!(infer_class("T4 shared"), Some(DeviceClass::Gpu));
        assert_eq!(infer_class("nope"), None);
    }
}
