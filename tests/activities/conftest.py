"""Make the checkout importable when the package is not installed (pyproject
sets no pytest pythonpath), so `pytest tests/activities` works on its own."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
