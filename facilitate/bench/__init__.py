"""`facilitate bench`: Facilitate started as a user starts it, driven by the
Node load generator in bench/ (real socket.io clients following
docs/PROTOCOL.md), beside a bare Node socket.io baseline driven the same way.
See docs/PERFORMANCE.md for what is measured and the latest figures."""

from . import report
from .processes import BenchError
from .runner import Options, run_bench

__all__ = ["BenchError", "Options", "report", "run_bench"]
