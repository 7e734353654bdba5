"""Stand-in for the oracle venv: only the names flyteplugins imports (tools/oracle/setup.sh)."""
def is_initialized():
    return False
def init(**kwargs):
    raise RuntimeError("stub")
