//! Differences the differential check has found and that are not fixed
//! yet, each with what is known of it. A workspace whose every difference
//! matches one of these is counted under it instead of failing the run; a
//! difference that matches none fails it. Remove a row when its class is
//! fixed (the run then proves the fix on every seed).

use super::oracle::Verdict;

/// `(class, substring of a difference line or SDK message, explanation)`.
pub const KNOWN: &[(&str, &str, &str)] = &[
    (
        "image-cache-order",
        "image_lookup",
        "--image-cache lists envs in workspace order; the SDK lists them in deploy-plan order \
         (loaded order, each env followed by its depends_on) and leaves out some envs",
    ),
    (
        "record-default-schema",
        ".default: ",
        "JSON schema `default` of record fields (datetime written with +00:00, nested record defaults `{}`)",
    ),
    (
        "sdk-default-conversion",
        "Failed to convert default value",
        "the SDK cannot convert some defaults (by the Python value's own type)",
    ),
    (
        "sdk-trigger-conversion",
        "Failed to convert trigger default input",
        "the SDK cannot convert some trigger inputs (by the Python value's own type)",
    ),
    (
        "pod-template-name-submit",
        "podTemplateName",
        "a named pod template of a deploy = false template: the SDK leaves metadata.pod_template_name out",
    ),
    (
        "dict-bytes-schema",
        "additionalProperties",
        "JSON schema of dict values of some types in records (`dict[str, bytes]`: the SDK writes `true`)",
    ),
    (
        "image-of-clone",
        "container.image: unexpected",
        "an env that writes `image = auto` under a parent with another image: the SDK leaves the image out",
    ),
    (
        "k8s-pod-image",
        "k8sPod.podSpec.containers[0].image",
        "the primary container image of an inline pod template under an image the SDK does not resolve",
    ),
];

/// The known class every difference of `verdict` belongs to, if one does.
pub fn classify(verdict: &Verdict) -> Option<&'static str> {
    let lines: Vec<String> = match verdict {
        Verdict::Differs(paths) => paths.clone(),
        Verdict::SdkRejects(error) => {
            vec![error["message"].as_str().unwrap_or_default().to_string()]
        }
        _ => return None,
    };
    let class_of = |line: &str| {
        KNOWN
            .iter()
            .find(|(_, pattern, _)| line.contains(pattern))
            .map(|(class, _, _)| *class)
    };
    let first = class_of(lines.first()?)?;
    lines.iter().all(|l| class_of(l).is_some()).then_some(first)
}
