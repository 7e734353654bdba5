"""`python -m taskc ARGS`: run the `taskc` binary installed with this package.

The wheel puts the binary in the scripts folder of the environment it is
installed into (or of the user scheme with `pip install --user`); the
arguments are passed on and its exit code is this process's exit code.
"""

import os
import sys
import sysconfig


def _user_scheme() -> str:
    if sys.version_info >= (3, 10):
        return sysconfig.get_preferred_scheme("user")
    if os.name == "nt":
        return "nt_user"
    if sys.platform == "darwin" and getattr(sys, "_framework", None):
        return "osx_framework_user"
    return "posix_user"


def find_taskc_bin() -> str:
    """The path of the installed `taskc` binary."""
    exe = "taskc" + (sysconfig.get_config_var("EXE") or "")
    candidates = [
        os.path.join(sysconfig.get_path("scripts"), exe),
        os.path.join(sysconfig.get_path("scripts", scheme=_user_scheme()), exe),
    ]
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        "the taskc binary was not found in " + " or ".join(candidates)
    )


def main() -> None:
    taskc = os.fsdecode(find_taskc_bin())
    if sys.platform == "win32":
        # Windows has no exec: run it as a child and pass its status on.
        import subprocess

        sys.exit(subprocess.run([taskc, *sys.argv[1:]]).returncode)
    os.execv(taskc, [taskc, *sys.argv[1:]])


if __name__ == "__main__":
    main()
