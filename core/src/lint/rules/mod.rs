//! One lint rule per file. Each file declares its rule with
//! `declare_rule!` (code, name, summary, default level, doc comment) and
//! holds its check. Add a new rule here, in code order: `declare_rule!`
//! creates its `Code::Lxxxx` constant and the code registry lists it from
//! [`ALL`].

use super::Rule;

pub mod cache_alias;
pub mod cache_setting_without_effect;
pub mod deprecated_gpu_device;
pub mod env_var_shadows_secret;
pub mod mutable_image_tag;
pub mod override_no_effect;
pub mod redundant_inherited_value;
pub mod secret_value_in_env_vars;
pub mod shadowed_env_attribute;
pub mod trigger_input_unbound;
pub mod undocumented_task;
pub mod unused_env;
pub mod unused_query_input;
pub mod unused_suppression;
pub mod unused_type;
pub mod value_truncated_on_wire;

/// Every rule, in code order.
pub(crate) static ALL: &[&Rule] = &[
    &override_no_effect::OVERRIDE_NO_EFFECT,
    &secret_value_in_env_vars::SECRET_VALUE_IN_ENV_VARS,
    &cache_alias::NON_CANONICAL_CACHE_BEHAVIOR,
    &value_truncated_on_wire::VALUE_TRUNCATED_ON_WIRE,
    &unused_type::UNUSED_TYPE,
    &unused_env::UNUSED_ENV,
    &shadowed_env_attribute::SHADOWED_ENV_ATTRIBUTE,
    &trigger_input_unbound::TRIGGER_INPUT_UNBOUND,
    &redundant_inherited_value::REDUNDANT_INHERITED_VALUE,
    &cache_setting_without_effect::CACHE_SETTING_WITHOUT_EFFECT,
    &env_var_shadows_secret::ENV_VAR_SHADOWS_SECRET,
    &mutable_image_tag::MUTABLE_IMAGE_TAG,
    &undocumented_task::UNDOCUMENTED_TASK,
    &unused_suppression::UNUSED_SUPPRESSION,
    &unused_query_input::UNUSED_QUERY_INPUT,
    &deprecated_gpu_device::DEPRECATED_GPU_DEVICE,
];
