"""Stand-in for the oracle venv: only the names flyteplugins imports (tools/oracle/setup.sh)."""

