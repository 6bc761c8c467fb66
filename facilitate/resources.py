"""Where the pages, static files, session plans and catalogs live.

In a checkout they sit at the top of the repository (the product layout); an
installed package carries them as facilitate/_templates etc. (pyproject maps
them there)."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    installed = _PACKAGE / f"_{name}"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name
