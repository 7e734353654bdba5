//! The error codes of what surrounds the language: E07xx the wire, E08xx
//! the user's Python against the templates, E09xx I/O and workspace. The
//! language's own codes are in `codes.rs`; `codes::registry` lists both.

use super::code::{Code, CodeInfo, codes, is_well_formed};

codes! {
    BUILD_CODES;
    E0700, "value has no Flyte literal",
        "A value cannot be sent to Flyte as a literal of its type. `any` and `bytes` values \
         are pickled by the Python SDK, which a `.task` file cannot do, and `trigger_time` is \
         only a binding of a scheduled trigger's input, never a value. The type checker \
         rejects these where they are written; this error means one reached the backend \
         another way. Remove the value or change the input's type.";
    E0701, "value does not fit its type on the wire",
        "The backend found a value whose shape does not match the declared type while \
         lowering it to a Flyte literal (for example a string where an integer is \
         declared, or a dict key that is not an integer for `dict[int, V]`). The type \
         checker normally rejects such values first; write a value of the declared type.";
    E0702, "trigger sets an input the task does not have",
        "Every key of a trigger's `inputs { … }` must be an input of its task, since the \
         backend types the value by that input (the SDK: \"Trigger default input must be an \
         input to the task\"). Remove the key or add the input to the task.";
    E0703, "trigger start time is not a timestamp",
        "A fixed-rate trigger's `start_time` is sent as a protobuf Timestamp, so it must be \
         an RFC 3339 date-time with an offset, within the years 0001 to 9999, e.g. \
         `start_time = \"2025-01-01T00:00:00Z\"`.";
    E0720, "function task without a module",
        "A Python function task is run by the SDK's default resolver, which imports the \
         function from its module (`--resolver … mod <module> instance <function>`). The \
         template names no `module` and `taskc.toml` sets no `[flyte] default_module`, so the \
         container args cannot be built. Add `module = \"package.module\"` to the template or \
         set `default_module`.";
    E0721, "two declarations with the same output",
        "Every template and override is written to its own file: a template to \
         `<task id name>.json`, an override to `<env>.<override>.json`. Two declarations \
         here would be written to the same file, and one would be lost. Rename the override \
         or the template's function.";
    E0722, "pod template cannot take the task's container",
        "An inline `pod_template` switches the task to a `k8s_pod` target: the task's image, \
         args, resources and env vars go into the primary container of `pod_spec` (the \
         container named `primary_container_name`, added when missing). That needs \
         `pod_spec` to be an object whose `containers` is a list of objects, and the primary \
         container's `resources` to be an object and its `env` a list.";
    E0723, "deploy version not accepted by Flyte",
        "Flyte stores a task version in `TaskIdentifier.version`, which must be 1 to 63 \
         characters long; a deploy with another version is rejected by the server. Set \
         `[flyte] version` (or `--version`) to a shorter string, or to \"content\", which \
         derives a 32-character version from the resolved specs (docs/versions.md).";
    E0801, "Python module does not parse",
        "A function template's module, found under `[python] roots`, is not valid Python \
         (read with tree-sitter). Its functions are not compared with their templates until \
         it parses: what a parser recovers from broken text would give misleading \
         differences. This is a warning; Python itself reports the error when the module is \
         imported.";
    E0802, "template's function not found in its module",
        "A function template names a module (`module`, or `[flyte] default_module`) that lies \
         under `[python] roots`, and that module has no top-level `def` of the template's \
         `function`. The Flyte runtime imports the module and takes that attribute, so the \
         task would fail when it runs. Add the function, decorated with the template's \
         binding, or fix `function`. A module found under no root is not checked (it may come \
         from an installed package).";
    E0803, "function not decorated with its binding",
        "In a workspace with `[python] bindings`, each function template's function is made a \
         task by the decorator the bindings module generates for it, named after the template. \
         Accepted spellings: `@bindings.train` (any attribute access ending in the template's \
         name), `@train` imported with `from <bindings module> import train` (under any alias) \
         or `from <bindings module> import *`. Without it the function is not a task and the \
         runtime cannot run it.";
    E0804, "parameters differ from the template's inputs",
        "The function's parameter names, in order, must be the template's inputs: Flyte passes \
         inputs by name, and the bindings' decorator rejects the function at import time \
         otherwise. A task takes no `*args` or `**kwargs`. The help shows the signature the \
         template declares.";
    E0805, "parameter annotation differs from the declared type",
        "Each parameter must be annotated with the Python type of its declared input, which \
         decides how Flyte converts the value. Equivalent spellings are accepted: \
         `list[int]`, `typing.List[int]` and `List[int]` (imported from typing); \
         `typing.Optional[X]`, `X | None` and `typing.Union[X, None]`; `datetime.datetime` or \
         `datetime` imported from datetime; `flyte.io.File` or `File` imported from flyte.io; \
         records and enums as the generated classes, by any module path. The table is \
         `EQUIVALENCES` in core/src/drift/spelling.rs.";
    E0806, "parameter default differs from the template's",
        "A parameter has a default the template does not declare, lacks one it declares, or \
         has another value. Defaults are compared as values (`1.0` and `1.`, `'a'` and \
         `\"a\"` are the same); a default that needs Python to evaluate (a call such as \
         `datetime.timedelta(minutes=90)`) is only checked at import time by the bindings.";
    E0807, "`async` differs from the template",
        "A template with `async = true` needs an `async def` function, and one without needs a \
         plain `def`: the SDK runs the two differently, and the bindings' decorator rejects \
         the function at import time otherwise.";
    E0808, "return annotation differs from the declared outputs",
        "The return annotation must be the template's outputs: `None` (or no annotation) \
         without outputs, the output's type for a single `returns T`, and the generated \
         `<Template>Outputs` named tuple for named or several outputs. Equivalent spellings \
         are accepted as for parameters (E0805).";
    E0809, "name is a Python keyword in the bindings",
        "Each type, env, template and override becomes a global of the generated Python \
         bindings module under its own name (`-` becomes `_`). A Python keyword cannot be a \
         name, so the bindings add a trailing `_` (`class` becomes `class_`), and the Python \
         code must use that spelling. This is a warning: the module works, but the name in \
         Python is not the one declared. Rename the declaration.";
    E0810, "two declarations are one name in the Python bindings",
        "Types, envs, templates and overrides are separate namespaces in `.task` files, but in \
         the generated bindings module they are all globals of one module, with `-` replaced \
         by `_` and a template's named outputs as the class `<Template>Outputs`. Two \
         declarations that meet there (`env train` and `template train`, `gpu-a` and \
         `gpu_a`), or a declaration named like a module the bindings import (`typing`, \
         `flyte`, ...), one of their helpers, or a builtin their code uses (`str`, `list`, \
         ...) would replace one object by another: the module imports, then makes the wrong \
         object a task. Checked in workspaces with `[python] bindings`, and when \
         `taskc build --emit python` generates them. Rename one of the declarations.";
    E0901, "path not found",
        "A path named on the command line does not exist. `taskc check` and `taskc build` \
         take folders and `.task` files; with no path they use the current folder. Check the \
         spelling and the folder you run taskc from. The run stops with exit code 2.";
    E0902, "cannot read file",
        "A file or folder of the workspace exists but could not be read, usually because of \
         its permissions. The operating system's reason is shown. The run stops with exit \
         code 2, because checking the other files without this one could give misleading \
         errors (all files share one namespace).";
    E0903, "file is not valid UTF-8",
        "`.task` files and `taskc.toml` are UTF-8 text. The message gives the byte offset, \
         line and column of the first byte that does not start a UTF-8 character; it often \
         comes from a file saved in another encoding (Latin-1, UTF-16) or from binary data. \
         Save the file as UTF-8. The run stops with exit code 2.";
    E0904, "not a .task file",
        "A file named on the command line does not end in `.task`. taskc checks `.task` files \
         only; name the folder holding them, or the `.task` files themselves. The run stops \
         with exit code 2.";
    E0905, "paths in different workspaces",
        "The paths named on the command line belong to different workspaces: each `taskc.toml` \
         starts its own workspace with its own namespace and settings, and a path with no \
         `taskc.toml` above it belongs to none. Run taskc once per workspace. The run stops \
         with exit code 2.";
    E0906, "not a regular file",
        "A path named on the command line that ends in `.task`, or the workspace's \
         `taskc.toml`, is not a regular file: a folder, a named pipe (FIFO), a device or a \
         socket (other named paths may be folders, but not pipes or devices such as \
         `/dev/null`). taskc reads only regular files (it checks the type before \
         opening anything, so a FIFO cannot make it wait), and passing over such a path would \
         check nothing or ignore the workspace's settings without a word. Name the `.task` \
         files or the folders holding them, and make `taskc.toml` a file. The run stops with \
         exit code 2.";
    E0907, "image recipe file cannot be read",
        "A file or folder that an `image { … }` recipe names (`requirements`, `uv_project`, \
         `poetry_project` (and its `poetry.lock`), `uv_script`, `source_files`, `source_folder`, \
         `dockerfile`) does not exist, is not a file \
         (or, for `source_folder`, a folder), or cannot be read; or a `uv_script` has no valid \
         PEP 723 `# /// script` header, or depends on a local project (`file://`). The SDK hashes what these files hold \
         into the image's tag, so taskc reads them to name the image the SDK would build. Paths \
         are relative to the workspace root, the folder of `taskc.toml`; a workspace without \
         `taskc.toml` cannot name recipe files.";
    E0910, "taskc.toml is not valid TOML",
        "`taskc.toml` could not be parsed as TOML; the span points at the first character \
         the TOML parser could not accept. While the file is broken, taskc uses the default \
         settings for the rest of the check.";
    E0911, "unknown key in taskc.toml",
        "`taskc.toml` has a section or key taskc does not know. The sections are `[flyte]` \
         (project, domain, org, version, sdk_version, python, code_bundle, code_bundle_dest, \
         code_bundle_version, default_module, sys_paths), `[build]` (out_dir) and `[lint]` (rule = level). A misspelt key would \
         otherwise be ignored silently, so it is an error; the help suggests the closest \
         known key.";
    E0912, "invalid value in taskc.toml",
        "A key of `taskc.toml` has a value of the wrong type or form, for example \
         `python = 3.11` (a number) where a string `\"3.11\"` is expected, an empty \
         `version`, or a lint level other than `allow`, `warn` or `deny`. The key keeps its \
         default value and the help line shows the expected form.";
    E0920, "task name cannot be an output file name",
        "`taskc build` writes one file per task into the out dir, named after the task id \
         (`<env>.<function>`, the `name` written on a query or container template, or \
         `<env>.<override>`). A name that is empty, contains a path separator (`/`, `\\`) or \
         `..`, starts with `.`, holds a control character or a character Windows does not \
         allow in file names (`< > : \" | ? *`) could write outside the out dir or over a \
         hidden file, so nothing is written. So is a name Windows reserves for a device \
         (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`, in any case, also \
         followed by `.` and more, as in `nul.etl`), which no file can have there, and a \
         file name longer than 255 bytes, which most file systems refuse. Rename the \
         template or override, or change its `name`.";
    E0921, "two outputs with the same file name",
        "Two tasks or overrides would be written to the same file of the out dir, so one of \
         them would be lost. Names that differ only in case count as the same, because they \
         are the same file on macOS and Windows, and so do names that are equal after Unicode \
         normalization (NFC), such as `é` written as one character or as `e` and a combining \
         accent, which macOS stores as one file. Rename one of them; nothing is written until \
         the names differ.";
    E0922, "output has no JSON form",
        "A value reached the output that the protobuf JSON mapping cannot represent, such as \
         a timestamp outside years 1 to 9999 or a number that is not finite. The checks \
         before the build should have rejected it; nothing is written. Change the value, and \
         report the declaration so the check can catch it.";
    E0925, "cannot write build output",
        "`taskc build` could not create the out dir or write, replace or remove a file in it; \
         the operating system's reason is shown (a folder in the way of an output file is \
         one). Every output is first written to a temporary file in the same folder, and \
         only when all of them were written are they renamed into place; if any step fails, \
         every step already made is undone, so a failed build leaves the out dir exactly as \
         it was. Check the folder's permissions, or pick another folder with `-o DIR`. The \
         run stops with exit code 2.";
    E0926, "Python bindings path not allowed",
        "`[python] bindings` in taskc.toml names the file `taskc build` writes the Python \
         bindings module to. It must be a `.py` file inside the workspace (relative to the \
         folder holding taskc.toml, without `..` or a symbolic link leading out of it), and \
         neither a `.task` \
         file nor a file inside the out dir, whose files the build owns. Pick a path such as \
         `pipelines/flyte_tasks.py` next to the modules that import it.";
    E0927, "out dir locked by another build",
        "`taskc build` holds an advisory lock on `.taskc-lock` in the out dir while it \
         writes, and `taskc build --check` a shared one while it compares, so two builds of \
         one out dir never mix their files. A build that finds the lock taken says so and \
         waits; this error means the other build still held it after `--lock-timeout` \
         seconds (300 by default). Nothing was written. Let the other build finish, or \
         check that no stuck `taskc` process holds the folder. The run stops with exit \
         code 2.";
    E0928, "out dir outside the workspace",
        "`[build] out_dir` of taskc.toml (or the default `build`) leads outside the \
         workspace: it is absolute, climbs out with `..`, or passes through a symbolic link \
         to another place. A repository's own settings must not make `taskc build` write \
         anywhere else on the machine, so nothing is written. Name a folder inside the \
         workspace, or give the folder on the command line with `-o DIR`, which may name \
         any folder. `[python] bindings` follows the same rule (`E0926`).";
    E0940, "language server could not start",
        "`taskc lsp` could not set up its runtime (threads, stdin/stdout) and exited with \
         code 2 before speaking the protocol. The message says what the system refused; it \
         usually means the process ran out of threads or file handles. Editors show this in \
         their language-server log.";
    E0950, "file not formatted: syntax errors",
        "`taskc fmt` formats only files that parse: it rebuilds the layout from the syntax \
         tree, and a declaration with a syntax error has none. The file is left exactly as it \
         was, its syntax errors are shown above this message, and the run ends with exit code \
         1. Fix them and format again.";
    E0951, "formatting would change the file's meaning",
        "Before writing, `taskc fmt` parses its own output again and compares it with the \
         original: the same declarations, entries, values, doc comments and comments must \
         come back. This error means they did not, which is a bug in the formatter; the file \
         is left unchanged and the run ends with exit code 1. Please report it with the file \
         attached.";
    E0952, "cannot write formatted file",
        "`taskc fmt` writes a formatted file to a temporary file in the same folder and then \
         renames it over the original, so the file is never left half written. Creating, \
         writing or renaming that temporary file failed (the operating system's reason is \
         shown), usually because of the folder's permissions or a full disk. The original is \
         unchanged. The run ends with exit code 2.";
    E0953, "cannot read standard input",
        "`taskc fmt -` formats the text read from standard input and writes the result to \
         standard output (the way editors call formatters). Reading failed, or the text was \
         not UTF-8. Nothing was written. The run ends with exit code 2.";
    E0960, "unknown name in `taskc why`",
        "`taskc why NAME[.ATTR]` names an env, a template (by its declared name or by its \
         Flyte task id, `<env>.<function>`) or an override of the workspace, and nothing is \
         declared under this name. The help suggests the closest declared name. The run \
         ends with exit code 2, as for any other bad argument.";
    E0961, "unknown attribute in `taskc why`",
        "The part after the last `.` of `taskc why NAME.ATTR` is not an attribute an env, \
         template or override can set (`image`, `resources`, `env_vars`, `secrets`, \
         `service_account`, `cache`, `reusable`, `interruptible`, `queue`, `pod_template`, \
         `description`, `depends_on`, `plugin`, `retries`, `timeout`, `short_name`, `report`, \
         `entrypoint`, `debuggable`, `produces_artifacts`, `max_inline_io_bytes`, `links`). \
         The help suggests the closest one. Leave out `.ATTR` to see every attribute that is \
         set. The run ends with exit code 2.";
    E0962, "ambiguous name in `taskc why`",
        "Envs have a namespace of their own, so one name may be an env's and a template's \
         (`env train` with `template train in train`) or an override's. `taskc why NAME` \
         does not guess which one is meant: write `env:NAME`, `template:NAME` or \
         `override:NAME`. A template is also named by its task id (`train.train`). The run \
         ends with exit code 2, as for any other bad argument.";
    E0965, "`taskc init` would overwrite a file",
        "`taskc init` writes `taskc.toml`, a sample `.task` file and its Python module \
         (`workflows/hello.py`), and never replaces a file that already exists, so that running \
         it in a workspace by mistake loses nothing. \
         Nothing is written when any of its files exists. Pass `--force` to replace them.";
    E0966, "`taskc init` cannot write a file",
        "`taskc init` could not create the folder or write one of its files, for example \
         because of missing permissions or because a folder stands where a file should go. \
         The message gives the system's reason.";
}
