//! Raw container tasks (WIRE.md §5.12, type `raw-container`): args are
//! `command + args`, `dataConfig` carries the CoPilot settings, and the
//! cache version is the SDK's `ContainerBodyPolicy`, reproduced exactly.

use sha2::{Digest, Sha256};
use taskc_wire::flyteidl2::core::{
    DataLoadingConfig,
    data_loading_config::{FileInputLayout as WireLayout, LiteralMapFormat},
};

use super::convert::python_json_string;
use super::image::hex;
use crate::semantic::model::{ContainerTask, FileInputLayout, MetadataFormat};

pub(crate) const TASK_TYPE: &str = "raw-container";

pub(crate) fn args(task: &ContainerTask) -> Vec<String> {
    task.command.iter().chain(&task.args).cloned().collect()
}

pub(crate) fn data_config(task: &ContainerTask) -> DataLoadingConfig {
    DataLoadingConfig {
        enabled: true,
        input_path: task.input_data_dir.clone(),
        output_path: task.output_data_dir.clone(),
        format: match task.metadata_format {
            MetadataFormat::Json => LiteralMapFormat::Json,
            MetadataFormat::Yaml => LiteralMapFormat::Yaml,
            MetadataFormat::Proto => LiteralMapFormat::Proto,
        } as i32,
        file_input_layout: match task.file_input_layout {
            FileInputLayout::Direct => WireLayout::Direct,
            FileInputLayout::NamedDir => WireLayout::NamedDir,
        } as i32,
        ..Default::default()
    }
}

fn format_name(format: MetadataFormat) -> &'static str {
    match format {
        MetadataFormat::Json => "JSON",
        MetadataFormat::Yaml => "YAML",
        MetadataFormat::Proto => "PROTO",
    }
}

fn layout_name(layout: FileInputLayout) -> &'static str {
    match layout {
        FileInputLayout::Direct => "DIRECT",
        FileInputLayout::NamedDir => "NAMED_DIR",
    }
}

fn json_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| python_json_string(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// `ContainerBodyPolicy`: `sha256_hex(sha256_hex(json.dumps({...},
/// sort_keys=True) + salt))` with Python's default separators.
pub(crate) fn cache_version(task: &ContainerTask, image: &str, salt: &str) -> String {
    let body = format!(
        "{{\"args\": {}, \"command\": {}, \"file_input_layout\": {}, \"image\": {}, \
         \"input_data_dir\": {}, \"metadata_format\": {}, \"output_data_dir\": {}}}",
        json_list(&task.args),
        json_list(&task.command),
        python_json_string(layout_name(task.file_input_layout)),
        python_json_string(image),
        python_json_string(&task.input_data_dir),
        python_json_string(format_name(task.metadata_format)),
        python_json_string(&task.output_data_dir),
    );
    let inner = hex(&Sha256::digest(format!("{body}{salt}").as_bytes()));
    hex(&Sha256::digest(inner.as_bytes()))
}
