//! One `TaskTemplate` / `TaskSpec` from a template or an override: the
//! kind-specific target (container, `sql`, raw container), then what every
//! task carries (id, metadata, interface, security, resources, pod
//! template), then the spec around it for the deploy or submit path.

use taskc_wire::flyteidl2::core::{
    Container, Identifier, KeyValuePair, ResourceType, TaskTemplate, task_template::Target,
};
use taskc_wire::flyteidl2::task::{
    DeployTaskRequest, DocumentationEntity, Environment, NamedParameter, TaskIdentifier, TaskSpec,
};

use super::actor::{ActorInput, actor_custom, actor_version, reuse_policy};
use super::args::{Bundle, python_task_args};
use super::convert::json_struct;
use super::metadata::{MetadataInput, task_metadata};
use super::pod::k8s_pod;
use super::preflight;
use super::resources::{container_resources, extended_resources};
use super::security::security_context;
use super::versions::{Declaration, EMPTY_SHA256, discovery_version};
use super::{
    Artifact, BuildOptions, Emitted, codes, flyte_literals, interface, plugins, raw_container, sql,
    triggers,
};
use crate::diagnostics::Diagnostic;
use crate::semantic::model::{
    CacheBehavior, Model, Override, PodTemplate, Settings, Task, TaskKind,
};
use crate::source::FileSpan;

/// Shared state of one build pass.
pub(crate) struct Cx<'a> {
    pub model: &'a Model,
    pub options: &'a BuildOptions,
    /// The deploy version (`--version`, `id.version`).
    pub version: &'a str,
    /// The URI of each image.
    pub images: &'a super::image::ImageUris,
    /// The `--image-cache` argument of every Python task.
    pub image_cache: String,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path {
    Deploy,
    Submit,
}

/// A template, or an override of one, as it is emitted.
struct Subject<'a> {
    task: &'a Task,
    settings: &'a Settings,
    short_name: &'a str,
    path: Path,
    /// `environment { name }` on the submit path.
    submit_environment: bool,
    /// Where problems of this subject are reported.
    at: FileSpan,
    is_override: bool,
}

struct Built {
    template: TaskTemplate,
    container_args: Option<Vec<String>>,
    sql: Option<String>,
    default_inputs: Vec<NamedParameter>,
}

/// The artifact of a template: its `DeployTaskRequest`, or its submit-path
/// `TaskSpec` with `deploy = false`.
pub(crate) fn template_artifact(cx: &mut Cx<'_>, task: &Task) -> Artifact {
    let subject = Subject {
        task,
        settings: &task.settings,
        short_name: &task.short_name,
        path: if task.deploy {
            Path::Deploy
        } else {
            Path::Submit
        },
        submit_environment: task.is_function(),
        at: task.name_at,
        is_override: false,
    };
    let built = build_template(cx, &subject);
    let spec = task_spec(cx, &subject, built.template, built.default_inputs);
    let emitted = match subject.path {
        Path::Deploy => {
            let triggers = match triggers::task_triggers(task) {
                Ok(triggers) => triggers,
                Err(diags) => {
                    cx.diagnostics.extend(diags);
                    Vec::new()
                }
            };
            Emitted::Deploy(Box::new(DeployTaskRequest {
                task_id: Some(TaskIdentifier {
                    org: cx.options.org.clone(),
                    project: cx.options.project.clone(),
                    domain: cx.options.domain.clone(),
                    name: task.task_id.clone(),
                    version: cx.version.to_string(),
                }),
                spec: Some(spec),
                triggers,
            }))
        }
        Path::Submit => Emitted::Submit(Box::new(spec)),
    };
    Artifact {
        name: task.task_id.clone(),
        emitted,
        container_args: built.container_args,
        sql: built.sql,
    }
}

/// The submit-path `TaskSpec` of an override (docs/language.md §9).
pub(crate) fn override_artifact(cx: &mut Cx<'_>, task: &Task, over: &Override) -> Artifact {
    let subject = Subject {
        task,
        settings: &over.settings,
        short_name: &over.short_name,
        path: Path::Submit,
        submit_environment: true,
        at: over.name_at,
        is_override: true,
    };
    let built = build_template(cx, &subject);
    let spec = task_spec(cx, &subject, built.template, built.default_inputs);
    Artifact {
        name: over.output_name(),
        emitted: Emitted::Submit(Box::new(spec)),
        container_args: built.container_args,
        sql: built.sql,
    }
}

fn task_spec(
    cx: &Cx<'_>,
    subject: &Subject<'_>,
    template: TaskTemplate,
    default_inputs: Vec<NamedParameter>,
) -> TaskSpec {
    let env = cx.model.env(&subject.task.env);
    let env_name = env
        .map(|e| e.wire_name.clone())
        .unwrap_or_else(|| subject.task.env.clone());
    match subject.path {
        Path::Deploy => TaskSpec {
            task_template: Some(template),
            default_inputs,
            short_name: subject.short_name.to_string(),
            environment: Some(Environment {
                name: env_name,
                description: env
                    .and_then(|e| e.wire_description.clone())
                    .unwrap_or_default(),
            }),
            documentation: Some(DocumentationEntity {
                short_description: subject.task.docs.short.clone().unwrap_or_default(),
                long_description: subject.task.docs.long.clone().unwrap_or_default(),
                source_code: None,
            }),
        },
        Path::Submit => TaskSpec {
            task_template: Some(without_descriptions(template)),
            default_inputs: Vec::new(),
            short_name: subject.short_name.to_string(),
            environment: subject.submit_environment.then(|| Environment {
                name: env_name,
                description: String::new(),
            }),
            documentation: None,
        },
    }
}

/// The SDK copies `///` descriptions onto the interface only when it
/// deploys a task (`flyte deploy`); a task submitted by a running parent
/// (an override, a `deploy = false` template) carries none.
fn without_descriptions(mut template: TaskTemplate) -> TaskTemplate {
    if let Some(interface) = template.interface.as_mut() {
        for map in [interface.inputs.as_mut(), interface.outputs.as_mut()]
            .into_iter()
            .flatten()
        {
            for entry in &mut map.variables {
                if let Some(variable) = entry.value.as_mut() {
                    variable.description.clear();
                }
            }
        }
    }
    template
}

fn build_template(cx: &mut Cx<'_>, subject: &Subject<'_>) -> Built {
    let task = subject.task;
    let settings = subject.settings;
    let options = cx.options;
    let interface = interface::typed_interface(task);
    let default_inputs = match flyte_literals::default_inputs(task) {
        Ok(defaults) => defaults,
        Err(diags) => {
            // The template's own artifact reports them; its overrides share
            // the defaults and would only repeat them.
            if !subject.is_override {
                cx.diagnostics.extend(diags);
            }
            Vec::new()
        }
    };
    // With the cache disabled the SDK versions the task with the plain
    // `auto` policy: no pinned version, no salt (WIRE.md §5.3).
    let cache = settings
        .cache
        .as_ref()
        .map(|s| &s.value)
        .filter(|c| c.behavior.is_enabled());
    let pinned_version = cache.and_then(|c| c.version.clone());
    let salt = cache.and_then(|c| c.salt.clone()).unwrap_or_default();
    let bundle = Bundle::of(options);

    let mut template = TaskTemplate {
        id: Some(Identifier {
            resource_type: ResourceType::Task as i32,
            project: options.project.clone(),
            domain: options.domain.clone(),
            name: task.task_id.clone(),
            version: cx.version.to_string(),
            org: options.org.clone(),
        }),
        interface: Some(interface.clone()),
        ..Default::default()
    };
    let mut container_args = None;
    let mut sql_statement = None;
    let discovery;
    let mut debuggable = false;

    match &task.kind {
        TaskKind::Function { module, function } => {
            let module = if module.value.is_empty() {
                options.default_module.clone().unwrap_or_default()
            } else {
                module.value.clone()
            };
            if !subject.is_override
                && let Some(d) =
                    preflight::missing_module(task, options.default_module.as_deref(), subject.at)
            {
                cx.diagnostics.push(d);
            }
            let image = cx.images.uri(settings, options);
            let args = python_task_args(
                options,
                cx.version,
                &cx.image_cache,
                &module,
                &function.value,
            );
            let container = Container {
                image: image.clone().unwrap_or_default(),
                args: args.clone(),
                resources: settings
                    .resources
                    .as_ref()
                    .and_then(|r| container_resources(&r.value)),
                env: env_vars(settings, options, subject.path),
                ..Default::default()
            };
            template.r#type = "python".to_string();
            let plugin = settings
                .plugin
                .as_ref()
                .map(|p| plugins::plugin_task(&p.value));
            template.security_context = security_context(settings);
            debuggable = match &settings.debuggable {
                Some(written) => written.value,
                None => plugin.as_ref().is_none_or(|p| p.debuggable),
            };
            if let Some(plugin) = plugin {
                template.r#type = plugin.task_type.to_string();
                template.task_type_version = plugin.task_type_version;
                template.custom = Some(json_struct(plugin.custom));
            }
            if let Some(policy) = settings.reuse_policy() {
                template.reuse_policy = Some(reuse_policy(policy));
                if template.r#type == "python" {
                    let pod_template_name = match settings.pod_template.as_ref().map(|s| &s.value) {
                        Some(PodTemplate::Named(name)) => name.as_str(),
                        _ => "",
                    };
                    let version = actor_version(&ActorInput {
                        env: &task.env,
                        policy,
                        container: &container,
                        bundle_version: options.code_bundle_version.as_deref(),
                        security_context: template.security_context.as_ref(),
                        interruptible: settings.interruptible.as_ref().is_some_and(|s| s.value),
                        pod_template_name,
                    });
                    template.r#type = "actor".to_string();
                    template.custom = Some(json_struct(actor_custom(
                        &task.env,
                        &version,
                        image.as_deref().unwrap_or_default(),
                        policy,
                    )));
                    // Actor tasks are never debuggable (the SDK forces it off).
                    debuggable = false;
                }
            }
            discovery = pinned_version.unwrap_or_else(|| {
                discovery_version(
                    &Declaration {
                        task_id: &task.task_id,
                        module: &module,
                        function: &function.value,
                        is_async: task.is_async,
                        interface: &interface,
                        default_inputs: &default_inputs,
                    },
                    &salt,
                )
            });
            container_args = Some(args);
            template.target = Some(Target::Container(container));
        }
        TaskKind::Query(query) => {
            template.r#type = sql::task_type(query).to_string();
            template.custom = Some(json_struct(sql::custom(query, &options.domain)));
            template.target = Some(Target::Sql(sql::sql_target(query)));
            sql_statement = Some(query.statement.clone());
            discovery = pinned_version.unwrap_or_else(|| EMPTY_SHA256.to_string());
        }
        TaskKind::Container(raw) => {
            let image = cx.images.uri(settings, options).unwrap_or_default();
            let args = raw_container::args(raw);
            template.r#type = raw_container::TASK_TYPE.to_string();
            template.security_context = security_context(settings);
            // `ContainerBodyPolicy` replaces the function-body policy only
            // for `auto`; any other policy hashes no function: sha256("").
            let auto = cache.is_some_and(|c| c.behavior == CacheBehavior::Auto);
            discovery = match pinned_version {
                Some(version) => version,
                None if auto => raw_container::cache_version(raw, &image, &salt),
                None => EMPTY_SHA256.to_string(),
            };
            container_args = Some(args.clone());
            template.target = Some(Target::Container(Container {
                image,
                args,
                resources: settings
                    .resources
                    .as_ref()
                    .and_then(|r| container_resources(&r.value)),
                env: env_vars(settings, options, subject.path),
                data_config: Some(raw_container::data_config(raw)),
                ..Default::default()
            }));
        }
    }

    if !matches!(task.kind, TaskKind::Query(_)) {
        template.extended_resources = settings
            .resources
            .as_ref()
            .and_then(|r| extended_resources(&r.value));
    }
    // With a pkl bundle the SDK uses the bundle's version as the cache
    // version of every task.
    let discovery = match (bundle, &options.code_bundle_version) {
        (Bundle::Pkl(_), Some(version)) => version.clone(),
        _ => discovery,
    };
    // A query task takes only its env's name and description (the SDK's
    // `from_task` env): an inherited pod template does not reach it.
    let query_settings;
    let metadata_settings = if matches!(task.kind, TaskKind::Query(_)) {
        query_settings = Settings {
            pod_template: None,
            ..settings.clone()
        };
        &query_settings
    } else {
        settings
    };
    template.metadata = Some(task_metadata(MetadataInput {
        settings: metadata_settings,
        sdk_version: &options.sdk_version,
        discovery_version: discovery,
        debuggable,
        code_bundle_uri: bundle.tgz_uri(),
    }));

    if let Some(PodTemplate::Inline(pod)) = settings.pod_template.as_ref().map(|s| &s.value)
        && let Some(Target::Container(container)) = &template.target
    {
        match k8s_pod(container, pod) {
            Ok(k8s) => {
                template.config.insert(
                    "primary_container_name".into(),
                    pod.primary_container_name.clone(),
                );
                template.target = Some(Target::K8sPod(k8s));
            }
            Err(problem) => cx.diagnostics.push(
                Diagnostic::error(
                    codes::POD_SPEC_CONTAINER,
                    settings
                        .pod_template
                        .as_ref()
                        .map_or(subject.at, |s| s.provenance.origin.value),
                    format!(
                        "the pod template of `{}` cannot take the task's container: {}",
                        task.task_id, problem.message
                    ),
                )
                .with_help(problem.help),
            ),
        }
    }

    Built {
        template,
        container_args,
        sql: sql_statement,
        default_inputs,
    }
}

/// `container.env`: the env vars in written order, then `_F_SYS_PATH` on
/// the deploy path when `sys_paths` is set (`flyte deploy` adds it to every
/// task it deploys, replacing a variable of that name in place).
fn env_vars(settings: &Settings, options: &BuildOptions, path: Path) -> Vec<KeyValuePair> {
    let mut env: Vec<KeyValuePair> = settings
        .env_vars
        .as_ref()
        .map(|vars| {
            vars.value
                .iter()
                .map(|v| KeyValuePair {
                    key: v.key.clone(),
                    value: v.value.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    if path == Path::Deploy && !options.sys_paths.is_empty() {
        let value: Vec<String> = options
            .sys_paths
            .iter()
            .map(|p| format!("./{}", p.trim_start_matches("./")))
            .collect();
        let value = value.join(":");
        match env.iter_mut().find(|kv| kv.key == SYS_PATH_VAR) {
            Some(kv) => kv.value = value,
            None => env.push(KeyValuePair {
                key: SYS_PATH_VAR.to_string(),
                value,
            }),
        }
    }
    env
}

/// The env var the runtime appends to `sys.path`.
const SYS_PATH_VAR: &str = "_F_SYS_PATH";
