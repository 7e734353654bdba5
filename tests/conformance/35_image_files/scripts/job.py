#!/usr/bin/env -S uv run --script
# /// script
# requires-python = ">=3.12"
# dependencies = [
#   "httpx>=0.27",
#   "polars",
# ]
#
# [tool.uv]
# exclude-newer = "2025-06-01T00:00:00Z"
# ///
"""A job whose dependencies its header declares."""

print("job")
