//! The attribute table: one row per attribute (see the module docs of
//! [`super`] for what each column feeds). Setting rows are in the order
//! `taskc why` lists them; the rows that shape a template (`structure`)
//! come first in [`ATTRIBUTES`], so editors offer them first.

use super::{AttrSchema, Kinds, OnOverride, OnTemplate, Places, Written};
use crate::semantic::attr_values::{
    Cache, EnvVar, Image, Link, Plugin, PodTemplate, Resources, Retries, Reusable, Secret, Spanned,
    Timeout,
};
use crate::semantic::cache::lower_cache;
use crate::semantic::cx::Cx;
use crate::semantic::image::{lower_image, merge_image};
use crate::semantic::inherit::{merge_env_vars, merge_secrets};
use crate::semantic::links::lower_links;
use crate::semantic::plain_values::{byte_size, env_names, non_empty_string};
use crate::semantic::pod_template::lower_pod_template;
use crate::semantic::policies::{lower_retries, lower_timeout};
use crate::semantic::provenance::{Origin, Provenance, Setting};
use crate::semantic::resources::lower_resources;
use crate::semantic::reusable::lower_reusable;
use crate::semantic::same_value::SameValue;
use crate::semantic::secrets::{lower_env_vars, lower_secrets};
use crate::semantic::value_readers;
use crate::syntax::ast::Value;

const ENV: Places = Places::ENV;
const ROOT_ENV: Places = Places::ROOT_ENV;
const TEMPLATE: Places = Places::TEMPLATE;
const OVERRIDE: Places = Places::OVERRIDE;
const FUNCTION: Kinds = Kinds::FUNCTION;
const WITH_CONTAINER: Kinds = Kinds::WITH_CONTAINER;

attribute_schema! {
    settings {
        image: Image {
            lower: |cx, v, _what| lower_image(cx, v),
            merge: append(merge_image),
            places: ENV,
            on_template: OnTemplate::EnvOrOverride,
            on_override: OnOverride::Refused(
                "Image cannot be overridden",
                "the image comes from the env; make a template in another env",
            ),
            form: "auto | none | \"ref\" | image { … }",
            doc: "Container image of the env's tasks. `auto` (the default) is `ghcr.io/flyteorg/flyte:py<python>-v<sdk>` from `taskc.toml`; a block describes an SDK `Image`, built from a base and recipe steps. `image += { … }` adds steps to the inherited image.",
            sdk: "image",
            wire: "container.image",
            example: "{ pip_packages = [\"pandas==2.2.3\"] }",
        },
        resources: Resources {
            lower: |cx, v, _what| lower_resources(cx, v),
            merge: replace,
            places: ENV.or(OVERRIDE),
            kinds: WITH_CONTAINER,
            on_template: OnTemplate::EnvOrOverride,
            on_override: OnOverride::Sdk(1),
            form: "resources { cpu, memory, gpu, disk, shm }",
            doc: "CPU, memory, GPU, disk and shared-memory requests (and limits) of the container. A child env replaces the whole block.",
            sdk: "resources",
            wire: "container.resources, extended_resources",
            example: "{ cpu = 3 }",
        },
        env_vars: Vec<EnvVar> {
            lower: |cx, v, _what| lower_env_vars(cx, v),
            merge: append(merge_env_vars),
            places: ENV.or(OVERRIDE),
            kinds: WITH_CONTAINER,
            on_template: OnTemplate::EnvOrOverride,
            on_override: OnOverride::Sdk(6),
            form: "env_vars { KEY = \"value\", … }",
            doc: "Environment variables of the container, in written order. `env_vars += { … }` merges with the inherited map.",
            sdk: "env_vars",
            wire: "container.env",
            example: "{ SCHEMA_EXAMPLE = \"1\" }",
        },
        secrets: Vec<Secret> {
            lower: |cx, v, _what| lower_secrets(cx, v),
            merge: append(merge_secrets),
            places: ENV.or(OVERRIDE),
            kinds: WITH_CONTAINER,
            on_template: OnTemplate::EnvOrOverride,
            on_override: OnOverride::Sdk(7),
            form: "[\"key\" | { key, group?, env_var?, mount? }, …]",
            doc: "Secrets exposed to the container as env vars (`GROUP_KEY`) or as files. `secrets += [ … ]` appends to the inherited list.",
            sdk: "secrets",
            wire: "security_context.secrets",
            example: "= [\"schema-example\"]",
        },
        service_account: String {
            lower: |cx, v, what| non_empty_string(cx, v, what),
            merge: replace,
            places: ENV.or(TEMPLATE).or(OVERRIDE),
            kinds: WITH_CONTAINER,
            on_override: OnOverride::Sdk(8),
            form: "\"name\"",
            doc: "Kubernetes service account the task runs as (`security_context.run_as`).",
            sdk: "service_account",
            wire: "security_context.run_as.k8s_service_account",
            example: "= \"schema-sa\"",
        },
        cache: Cache {
            lower: |cx, v, _what| lower_cache(cx, v),
            merge: replace,
            places: ENV.or(TEMPLATE).or(OVERRIDE),
            on_override: OnOverride::Sdk(2),
            form: "auto | override | disable | cache { … }",
            doc: "Result caching. `auto` versions the cache by the task's code; `override` always recomputes and overwrites; `disable` turns it off. The template's value wins over the env's.",
            sdk: "cache",
            wire: "metadata.discoverable, discovery_version, cache_serializable, cache_ignore_input_vars",
            example: "= override",
        },
        reusable: Reusable {
            lower: |cx, v, _what| lower_reusable(cx, v),
            merge: replace,
            places: ENV.or(OVERRIDE),
            kinds: FUNCTION,
            on_template: OnTemplate::EnvOnly,
            on_override: OnOverride::Sdk(5),
            form: "reusable { replicas, concurrency, idle_ttl, scaledown_ttl, scope }",
            doc: "Run the env's tasks in long-lived reusable containers (actors). In an override, `reusable = off` removes the policy.",
            sdk: "reusable",
            wire: "custom (actor), container.args",
            example: "{ replicas = 3 }",
        },
        interruptible: bool {
            lower: |cx, v, what| value_readers::boolean(cx, v, what),
            merge: replace,
            places: ENV.or(TEMPLATE).or(OVERRIDE),
            on_override: OnOverride::Sdk(12),
            form: "bool",
            doc: "Allow the task to run on spot/preemptible nodes.",
            sdk: "interruptible",
            wire: "metadata.interruptible",
            example: "= true",
        },
        queue: String {
            lower: |cx, v, what| non_empty_string(cx, v, what),
            merge: replace,
            places: ROOT_ENV.or(TEMPLATE).or(OVERRIDE),
            on_override: OnOverride::Sdk(11),
            form: "\"name\"",
            doc: "Queue the task's runs go to. Client side only: it never reaches the TaskSpec.",
            sdk: "queue",
            wire: "",
            example: "= \"schema-queue\"",
        },
        pod_template: PodTemplate {
            lower: |cx, v, _what| lower_pod_template(cx, v),
            merge: replace,
            places: ROOT_ENV.or(TEMPLATE).or(OVERRIDE),
            kinds: WITH_CONTAINER,
            on_override: OnOverride::Sdk(10),
            form: "\"name\" | pod_template { labels, annotations, primary_container_name, pod_spec }",
            doc: "A named pod template of the cluster, or an inline one (switches the task to a `k8s_pod` target).",
            sdk: "pod_template",
            wire: "metadata.pod_template_name, k8s_pod",
            example: "= \"schema-template\"",
        },
        /// Env only: `environment.description` (as written; see `Env::wire_description`).
        description: String {
            lower: |cx, v, what| value_readers::string(cx, v, what),
            merge: replace,
            places: ENV,
            on_template: OnTemplate::EnvOnly,
            on_override: OnOverride::NotOverridable,
            form: "\"text\"",
            doc: "`environment.description`; over 255 characters it is cut like the SDK does.",
            sdk: "description",
            wire: "environment.description",
            example: "= \"what the env is for\"",
        },
        /// Env only: env names, deploy ordering.
        depends_on: Vec<Spanned<String>> {
            lower: |cx, v, _what| env_names(cx, v),
            merge: replace,
            places: ENV,
            on_template: OnTemplate::EnvOnly,
            on_override: OnOverride::NotOverridable,
            form: "[env, …]",
            doc: "Envs deployed before this one (deploy ordering only).",
            sdk: "depends_on",
            wire: "",
            example: "= [other]",
        },
        /// Env only: `plugin <name> { … }`.
        plugin: Plugin {
            // Written `plugin <name> { … }`: `plugin::lower_plugin` reads
            // the labeled block, so a value never reaches this arm.
            lower: |_cx, _v, _what| None,
            merge: replace,
            places: ROOT_ENV,
            kinds: FUNCTION,
            written: Written::Labeled,
            on_override: OnOverride::NotOverridable,
            form: "plugin dask|spark|databricks|pytorch|ray { … }",
            doc: "A task plugin that picks the task type: `dask`, `spark`, `databricks`, `pytorch` or `ray`.",
            sdk: "plugin_config",
            wire: "type, custom",
            example: "dask { workers { number_of_workers = 2 } }",
        },
        retries: Retries {
            lower: |cx, v, _what| lower_retries(cx, v),
            merge: replace,
            places: TEMPLATE.or(OVERRIDE),
            on_override: OnOverride::Sdk(3),
            form: "int | retries { count, backoff { base, factor, cap } }",
            doc: "How often a failed run is retried (`metadata.retries`). `0` means no retries.",
            sdk: "retries",
            wire: "metadata.retries",
            example: "= 4",
        },
        timeout: Timeout {
            lower: |cx, v, _what| lower_timeout(cx, v),
            merge: replace,
            places: TEMPLATE.or(OVERRIDE),
            on_override: OnOverride::Sdk(4),
            form: "duration | timeout { max_runtime, max_queued_time, deadline }",
            doc: "Time limits of a run; a plain duration is `max_runtime`.",
            sdk: "timeout",
            wire: "metadata.timeout",
            example: "= 7m",
        },
        /// As written (see `Task::short_name` for the value sent).
        short_name: String {
            lower: |cx, v, what| non_empty_string(cx, v, what),
            merge: replace,
            places: TEMPLATE.or(OVERRIDE),
            on_override: OnOverride::Sdk(0),
            form: "\"name\"",
            doc: "Display name of the task; at most 63 characters are kept.",
            sdk: "short_name",
            wire: "short_name",
            example: "= \"schema-short\"",
        },
        report: bool {
            lower: |cx, v, what| value_readers::boolean(cx, v, what),
            merge: replace,
            places: TEMPLATE,
            on_override: OnOverride::NotOverridable,
            form: "bool",
            doc: "The task generates a report (`metadata.generates_deck`).",
            sdk: "report",
            wire: "metadata.generates_deck",
            example: "= true",
        },
        entrypoint: bool {
            lower: |cx, v, what| value_readers::boolean(cx, v, what),
            merge: replace,
            places: TEMPLATE.or(OVERRIDE),
            on_override: OnOverride::Sdk(13),
            form: "bool",
            doc: "Mark the task as an entrypoint (`metadata.is_entrypoint`).",
            sdk: "entrypoint",
            wire: "metadata.is_entrypoint",
            example: "= true",
        },
        /// `metadata.debuggable`; absent means true for function tasks and
        /// false for reusable ones.
        debuggable: bool {
            lower: |cx, v, what| value_readers::boolean(cx, v, what),
            merge: replace,
            places: TEMPLATE.or(OVERRIDE),
            kinds: FUNCTION,
            on_override: OnOverride::Sdk(15),
            form: "bool",
            doc: "`metadata.debuggable`; default true for function tasks, false for reusable ones.",
            sdk: "debuggable",
            wire: "metadata.debuggable",
            example: "= false",
        },
        /// `metadata.produces_artifacts`.
        produces_artifacts: bool {
            lower: |cx, v, what| value_readers::boolean(cx, v, what),
            merge: replace,
            places: TEMPLATE.or(OVERRIDE),
            kinds: WITH_CONTAINER,
            on_override: OnOverride::Sdk(16),
            form: "bool",
            doc: "`metadata.produces_artifacts`; default false.",
            sdk: "produces_artifacts",
            wire: "metadata.produces_artifacts",
            example: "= true",
        },
        /// Bytes (a size string is converted).
        max_inline_io_bytes: u64 {
            lower: |cx, v, what| byte_size(cx, v, what),
            merge: replace,
            places: TEMPLATE.or(OVERRIDE),
            on_override: OnOverride::Sdk(9),
            form: "int | \"10MiB\"",
            doc: "Largest input/output passed inline, in bytes or as a size string. Client side only; default `\"10MiB\"`.",
            sdk: "max_inline_io_bytes",
            wire: "",
            example: "= \"1MiB\"",
        },
        links: Vec<Link> {
            lower: |cx, v, _what| lower_links(cx, v),
            merge: replace,
            places: TEMPLATE.or(OVERRIDE),
            on_override: OnOverride::Sdk(14),
            form: "[{ name, uri, icon_uri? }, …]",
            doc: "Log links shown for a run; `uri` may use `{run_name}`, `{project}`, `{domain}`, `{action_name}`, `{parent_action_name}`, `{pod_name}`.",
            sdk: "links",
            wire: "metadata.links",
            example: "= [{ name = \"dash\", uri = \"https://dash.example.com/{run_name}\" }]",
        },
    }
    structure {
        module {
            places: TEMPLATE,
            kinds: FUNCTION,
            on_override: OnOverride::NotOverridable,
            form: "\"dotted.module\"",
            doc: "Python module holding the task function (resolver `mod <module>`). Defaults to `[flyte] default_module`.",
            wire: "container.args (resolver)",
            example: "= \"pipelines.schema\"",
        },
        function {
            places: TEMPLATE,
            kinds: FUNCTION,
            on_override: OnOverride::NotOverridable,
            form: "\"python_name\"",
            doc: "Python function name (resolver `instance <function>`); defaults to the template name. The task id is `<env>.<function>`.",
            wire: "task_id.name, container.args (resolver)",
            example: "= \"schema_fn\"",
        },
        name {
            places: TEMPLATE,
            kinds: Kinds::QUERY.or(Kinds::CONTAINER),
            on_override: OnOverride::Refused(
                "Name cannot be overridden",
                "an override keeps its template's task name",
            ),
            form: "\"task.id\"",
            doc: "Verbatim task id name of a query or container template.",
            sdk: "name",
            wire: "task_id.name",
            example: "= \"schema.task\"",
        },
        inputs {
            places: TEMPLATE,
            on_override: OnOverride::Refused(
                "Interface cannot be overridden",
                "an override keeps its template's inputs and outputs",
            ),
            form: "inputs { name: Type [= default], … }",
            doc: "The task's inputs, in order; `///` above one is its description.",
            sdk: "inputs",
            wire: "interface.inputs, default_inputs",
            example: "{ x: int }",
        },
        outputs {
            places: TEMPLATE,
            on_override: OnOverride::Refused(
                "Interface cannot be overridden",
                "an override keeps its template's inputs and outputs",
            ),
            form: "outputs { name: Type, … }",
            doc: "The task's named outputs (or write `returns Type` for one output `o0`).",
            sdk: "outputs",
            wire: "interface.outputs",
            example: "{ y: int }",
        },
        returns {
            places: TEMPLATE,
            written: Written::Returns,
            form: "returns Type",
            doc: "A single output named `o0`.",
            wire: "interface.outputs",
            example: "int",
        },
        async {
            places: TEMPLATE,
            kinds: FUNCTION,
            on_override: OnOverride::NotOverridable,
            form: "bool",
            doc: "The Python function is `async def`; required for reusable `concurrency > 1`.",
            example: "= true",
        },
        trigger {
            places: TEMPLATE,
            written: Written::Labeled,
            on_override: OnOverride::NotOverridable,
            form: "trigger <name> { cron | rate | schedule, inputs { … }, … }",
            doc: "A schedule (or manual trigger) deployed with the task.",
            sdk: "triggers",
            wire: "DeployTaskRequest.triggers",
            example: "nightly { cron = \"0 2 * * *\" }",
        },
        sql {
            places: TEMPLATE,
            written: Written::Labeled,
            on_override: OnOverride::NotOverridable,
            form: "sql bigquery { … } | sql snowflake { … }",
            doc: "Makes the template a query task; write the statement in `query`.",
            wire: "type, custom, sql",
            example: "bigquery { project_id = \"p\" }",
        },
        query {
            places: TEMPLATE,
            kinds: Kinds::QUERY,
            on_override: OnOverride::NotOverridable,
            form: "\"…\" | \"\"\"…\"\"\"",
            doc: "The SQL statement of a query task; every placeholder must name an input.",
            sdk: "query_template",
            wire: "sql.statement",
            example: "= \"select 1\"",
        },
        container {
            places: TEMPLATE,
            on_override: OnOverride::NotOverridable,
            form: "container { command, args, input_data_dir, output_data_dir, metadata_format, file_input_layout }",
            doc: "Makes the template a raw container task (no Python).",
            wire: "container.command, container.args, container.data_config",
            example: "{ command = [\"echo\"] }",
        },
        deploy {
            places: TEMPLATE,
            form: "bool",
            doc: "`false`: not deployed with its env; taskc emits the submit-path TaskSpec.",
            example: "= false",
        },
        docs {
            places: TEMPLATE,
            on_override: OnOverride::Refused(
                "Docs cannot be overridden",
                "documentation comes from the template's `///` comments",
            ),
            form: "\"text\"",
            doc: "Help text shown by the CLI; never serialized (`///` gives the documentation).",
            sdk: "docs",
            example: "= \"help text\"",
        },
    }
}
