_NO_DEFAULT = inspect.Parameter.empty
_DECORATED: typing.Dict[str, typing.Any] = {}
# An `untyped` input: the parameter has no annotation.
_UNANNOTATED = inspect.Parameter.empty


class _PyClass:
    """Equals the class of this dotted module and qualified name, without importing it."""

    def __init__(self, path: str):
        self.path = path

    def __eq__(self, other):
        if isinstance(other, _PyClass):
            return other.path == self.path
        return isinstance(other, type) and f"{other.__module__}.{other.__qualname__}" == self.path

    def __hash__(self):
        return hash(self.path)

    def __call__(self, *args, **kwargs):  # `typing.Annotated` takes callables only
        raise TypeError(f"{self.path} is a marker for an annotation")

    def __repr__(self):
        return self.path


def _import_class(path: str):
    # The longest importable module prefix, then attributes: `pkg.models.Outer.Inner`.
    import importlib

    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                found = getattr(found, name)
        except AttributeError:
            break
        return found
    raise ImportError(f"cannot import the class {path}: name its defining module and qualified name")


def _normalize(hint: typing.Any) -> typing.Any:
    # `typing.Optional[int]`, `int | None` and `typing.Union[int, None]` are the same type,
    # and so are `typing.List[int]` and `list[int]`: compare origins and arguments.
    if hint is None:
        return type(None)
    origin = typing.get_origin(hint)
    if origin is None:
        return hint
    if origin is types.UnionType:
        origin = typing.Union
    if origin is typing.Annotated:
        return (typing.Annotated, _normalize(hint.__origin__), hint.__metadata__)
    if origin is tuple:
        # The SDK names a tuple's wrapper model after `__name__`: `typing.Tuple[…]` is sent
        # as `TupleWrapper_Tuple`, `tuple[…]` as `TupleWrapper_tuple`.
        return (origin, hint.__name__, tuple(_normalize(a) for a in typing.get_args(hint)))
    return (origin, tuple(_normalize(a) for a in typing.get_args(hint)))


def _names_class(normalized: typing.Any) -> bool:
    # A declared class path: show the user's classes by module too, the part that differs.
    if isinstance(normalized, tuple):
        return any(_names_class(n) for n in normalized)
    return isinstance(normalized, _PyClass)


def _show(hint: typing.Any, full: bool = False) -> str:
    if hint is _NO_DEFAULT:
        return "no annotation"
    if hint is None or hint is type(None):
        return "None"
    if isinstance(hint, type) and typing.get_origin(hint) is None:
        if hint.__module__ in ("builtins", "datetime", "typing") or not full:
            return hint.__qualname__
        return f"{hint.__module__}.{hint.__qualname__}"
    return repr(hint).replace("typing.", "")


def _signature_difference(fn, module, function, params, returns, is_async):
    """The first way `fn` differs from the declared interface, or None."""
    if not callable(fn) or not hasattr(fn, "__code__"):
        return f"expected a plain function, got {type(fn).__name__}"
    if fn.__name__ != function:
        return f"the function is named `{fn.__name__}`, the template declares `{function}`"
    if module is not None and fn.__module__ != module:
        return f"the function is in module `{fn.__module__}`, the template declares `{module}`"
    if inspect.iscoroutinefunction(fn) != is_async:
        want = "`async def`" if is_async else "`def` (not async)"
        return f"the function must be {want}"
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except Exception as e:  # an annotation that does not resolve
        return f"its annotations do not resolve: {e}"
    actual = list(inspect.signature(fn).parameters.values())
    for param in actual:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            return f"parameter `{param.name}`: a task takes no *args or **kwargs"
    names = [p.name for p in actual]
    declared = [name for name, _, _ in params]
    if names != declared:
        return f"parameters are ({', '.join(names)}), the template declares ({', '.join(declared)})"
    for param, (name, hint, default) in zip(actual, params):
        got = hints.get(name, _NO_DEFAULT)
        if _normalize(got) != _normalize(hint):
            full = _names_class(_normalize(hint))
            return f"parameter `{name}` is annotated {_show(got, full)}, the template declares {_show(hint)}"
        if default is _NO_DEFAULT and param.default is not _NO_DEFAULT:
            return f"parameter `{name}` has a default, the template declares none"
        if default is not _NO_DEFAULT and param.default is _NO_DEFAULT:
            return f"parameter `{name}` has no default, the template declares {default!r}"
        if default is not _NO_DEFAULT and not (param.default == default):
            return f"parameter `{name}` defaults to {param.default!r}, the template declares {default!r}"
    got = hints.get("return", None)
    if _normalize(got) != _normalize(returns):
        full = _names_class(_normalize(returns))
        return f"the return annotation is {_show(got, full)}, the template declares {_show(returns)}"
    return None


def _check(template, where, fn, module, function, params, returns, is_async):
    difference = _signature_difference(fn, module, function, params, returns, is_async)
    if difference is not None:
        raise TypeError(f"@{template} ({where}): {difference}")


class _Link:
    """A task link: `uri` with the `.task` placeholders filled in from the run."""

    def __init__(self, name: str, uri: str, icon_uri: typing.Optional[str] = None):
        self.name = name
        self.uri = uri
        self.icon_uri = icon_uri

    def get_link(
        self, run_name, project, domain, context, parent_action_name, action_name, pod_name, **kwargs
    ) -> str:
        values = {
            "run_name": run_name,
            "project": project,
            "domain": domain,
            "parent_action_name": parent_action_name,
            "action_name": action_name,
            "pod_name": pod_name,
        }
        uri = self.uri
        for key, value in values.items():
            uri = uri.replace("{" + key + "}", str(value))
        return uri


def _pod_spec(spec: typing.Dict[str, typing.Any]):
    """A Kubernetes `V1PodSpec` from its JSON shape (camelCase keys)."""
    import json

    from kubernetes.client import ApiClient

    # The Kubernetes model requires `containers`; the SDK adds the task's
    # primary container to the list when it is not there.
    spec = {"containers": [], **spec}
    return ApiClient().deserialize(json.dumps(spec), "V1PodSpec", "application/json")


def _adopt(env, *tasks):
    """Adds plugin tasks (queries, containers) to `env`, as `TaskEnvironment.from_task` does."""
    for t in tasks:
        env._tasks[t.name] = t
        t.parent_env = weakref.ref(env)
        t.parent_env_name = env.name
    return env


def _interface(task, docstring=None, defaults=None):
    """Gives a plugin task the input defaults and the docstring its template declares."""
    import flyte._docstring

    interface = task.interface
    inputs = dict(interface.inputs)
    for name, default in (defaults or {}).items():
        inputs[name] = (inputs[name][0], default)
    docs = flyte._docstring.Docstring(docstring) if docstring else interface.docstring
    task.interface = dataclasses.replace(interface, inputs=inputs, docstring=docs)
    return task


def _replace(task, **fields):
    """Sets fields the SDK's `override()` ignores when they are falsy (`retries=0`, `{}`, `""`)."""
    for key, value in fields.items():
        setattr(task, key, value)
    return task
