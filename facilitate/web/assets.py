"""Static files with a version in their URL, cached for a year.

Every page names its styles and scripts with `?v=<version>` (see `asset()` in
template_helpers.py). The version is a hash of what is served, so a URL never
names two different contents and a browser may keep it for a year without
asking again (`Cache-Control: public, max-age=31536000, immutable`). A URL
without the current version is served with `no-cache` (the browser asks each
time and gets a 304 while the file is unchanged).

The page scripts are ES modules that import each other ("./dom.js"). A
browser fetches those imports by the URL written in the file, so a plain
file would be fetched without a version and re-checked on every load, three
levels deep. When serving a script, its relative imports are rewritten to
versioned URLs ("./dom.js?v=1a2b..."), and its own version hashes the
rewritten text, so it changes whenever anything it imports changes. Why this
and not an import map: the Content-Security-Policy (script-src 'self')
blocks an inline import map, and an external one is not supported; rewriting
needs no build step, keeps the files in the repository as they are, and
works in every browser that runs modules. The same graph gives the pages
their `modulepreload` links, so a first visit fetches every module at once
instead of one level at a time.

Text files go out brotli-compressed (gzip for a browser without brotli),
compressed once per version at the highest level; pages and JSON are
compressed per response by flask-compress (see create_app).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass, field

import brotli
from flask import Response, abort, current_app, request
from werkzeug.security import safe_join

YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR}, immutable"

# import x from "./a.js"; export {y} from "../b.js"; import "./c.js"; import("./d.js")
IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.{1,2}/[^"'?#\s]+\.js)\2""")


@dataclass(frozen=True)
class Asset:
    path: str          # relative to the static folder, with forward slashes
    body: bytes
    version: str
    imports: tuple[str, ...]  # the static paths this module imports
    stamp: tuple            # (mtime_ns, size) of the file and of everything it imports
    encoded: dict = field(default_factory=dict, compare=False)  # "br"/"gzip" -> bytes

    def encode(self, encoding: str) -> bytes:
        """The body compressed once, as hard as the format allows: a file is
        compressed once per version and sent many times."""
        if encoding not in self.encoded:
            self.encoded[encoding] = (brotli.compress(self.body, quality=11) if encoding == "br"
                                      else gzip.compress(self.body, compresslevel=9, mtime=0))
        return self.encoded[encoding]


class Assets:
    """Reads static files, rewrites module imports, remembers the result
    until a file (or one it imports) changes on disk."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._known: dict[str, Asset] = {}

    def get(self, path: str) -> Asset | None:
        return self._get(path.replace("\\", "/"), ())

    def _stat(self, path: str):
        full = safe_join(self.folder, path)
        if full is None or not os.path.isfile(full):
            return None, None
        info = os.stat(full)
        return full, (info.st_mtime_ns, info.st_size)

    def _get(self, path: str, visiting: tuple[str, ...]) -> Asset | None:
        full, stat = self._stat(path)
        if full is None:
            return None
        known = self._known.get(path)
        if known is not None and known.stamp[0] == stat and all(
                self._current_stamp(dep, visiting + (path,)) == known.stamp[index + 1]
                for index, dep in enumerate(known.imports)):
            return known
        with open(full, "rb") as f:
            raw = f.read()
        imports: list[str] = []
        stamps: list = [stat]
        body = raw
        if path.endswith(".js") and path not in visiting:
            text = raw.decode("utf-8")
            base = os.path.dirname(path)

            def versioned(match: re.Match) -> str:
                target = os.path.normpath(os.path.join(base, match[3])).replace("\\", "/")
                if target.startswith("..") or target in visiting or target == path:
                    return match[0]  # outside the folder, or a cycle: leave it alone
                dep = self._get(target, visiting + (path,))
                if dep is None:
                    return match[0]
                imports.append(target)
                stamps.append(dep.stamp)
                return f"{match[1]}{match[2]}{match[3]}?v={dep.version}{match[2]}"

            body = IMPORT.sub(versioned, text).encode("utf-8")
        asset = Asset(path, body, hashlib.sha256(body).hexdigest()[:12], tuple(imports),
                      tuple(stamps))
        self._known[path] = asset
        return asset

    def _current_stamp(self, path: str, visiting: tuple[str, ...]):
        asset = self._get(path, visiting)
        return asset.stamp if asset else None

    def graph(self, path: str) -> list[str]:
        """Every module `path` imports, directly or not, each once."""
        seen: list[str] = []
        stack = [path]
        while stack:
            asset = self.get(stack.pop())
            for dep in asset.imports if asset else ():
                if dep not in seen:
                    seen.append(dep)
                    stack.append(dep)
        return seen


def assets() -> Assets:
    return current_app.extensions["facilitate_assets"]


def version(path: str) -> str:
    found = assets().get(path)
    return found.version if found else "0"


COMPRESSIBLE = ("text/", "application/json", "image/svg+xml")
MIN_COMPRESS = 500


def _encoding_for(mimetype: str, size: int) -> str | None:
    if size < MIN_COMPRESS or not mimetype.startswith(COMPRESSIBLE):
        return None
    accepted = request.accept_encodings
    for encoding in ("br", "gzip"):
        if accepted[encoding]:
            return encoding
    return None


def static_view(filename: str):
    """Replaces Flask's static view: versioned URLs are immutable for a year,
    anything else must be revalidated (ETag); text is sent brotli- or
    gzip-compressed, compressed once per version (flask-compress leaves a
    response that already has a Content-Encoding alone)."""
    found = assets().get(filename)
    if found is None:
        abort(404)
    mimetype = mimetypes.guess_type(found.path)[0] or "application/octet-stream"
    if mimetype == "application/javascript":
        mimetype = "text/javascript"
    encoding = _encoding_for(mimetype, len(found.body))
    response = Response(found.encode(encoding) if encoding else found.body, mimetype=mimetype)
    if mimetype.startswith("text/"):
        response.charset = "utf-8"
    response.vary.add("Accept-Encoding")
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.set_etag(f"{found.version}-{encoding}" if encoding else found.version)
    if request.args.get("v") == found.version:
        response.headers["Cache-Control"] = IMMUTABLE
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def init_app(app) -> None:
    app.extensions["facilitate_assets"] = Assets(app.static_folder)
    app.view_functions["static"] = static_view
