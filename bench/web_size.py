"""First-load transfer of the web app: the gzipped JS and CSS that web/dist/index.html loads
before the first screen (its scripts, module preloads and style sheets), as `make web` builds it.
Later chunks and the service worker are not counted: they are not needed to show the first screen.
`precache` is what a full load sends all the same: every file the service worker precaches (its
SHELL list, all the app's chunks) and the service worker, gzipped where CloudFront compresses."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
WEB_DIST = REPO_ROOT / "web" / "dist"
_SHELL = re.compile(r"^const SHELL = (\[.*\]);$", re.MULTILINE)
# Types CloudFront compresses on the way out (images like PNG are sent as they are).
_COMPRESSED = (".js", ".css", ".html", ".svg", ".webmanifest")
_ASSET = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)="/?([^"]+\.(?:js|css))"[^>]*>""")


class WebBuildMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class FirstLoad:
    gzipped_bytes: int
    raw_bytes: int
    files: dict[str, int]  # gzipped bytes per file


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure(dist: Path = WEB_DIST) -> FirstLoad:
    index = dist / "index.html"
    if not index.is_file():
        raise WebBuildMissing(f"{index} is missing: run `make web` first")
    names = sorted(set(_ASSET.findall(index.read_text())))
    if not names:
        raise WebBuildMissing(f"{index} loads no JS or CSS: is it a build?")
    files = {name: gzipped_size((dist / name).read_bytes()) for name in names}
    raw = sum((dist / name).stat().st_size for name in names)
    return FirstLoad(sum(files.values()), raw, files)


def precached_paths(dist: Path = WEB_DIST) -> set[str]:
    """The paths the built service worker precaches (its SHELL list), as the browser asks for them."""
    worker = dist / "sw.js"
    found = _SHELL.search(worker.read_text()) if worker.is_file() else None
    if found is None:
        raise WebBuildMissing(f"{worker} lists no SHELL: run `make web` first")
    return set(json.loads(found.group(1)))


def precache(dist: Path = WEB_DIST) -> FirstLoad:
    """Every file the built service worker precaches, and the service worker itself."""
    names = sorted({path.lstrip("/") for path in precached_paths(dist)} | {"sw.js"})
    files = {
        name: gzipped_size(data) if name.endswith(_COMPRESSED) else len(data)
        for name, data in ((name, (dist / name).read_bytes()) for name in names)
    }
    raw = sum((dist / name).stat().st_size for name in names)
    return FirstLoad(sum(files.values()), raw, files)


if __name__ == "__main__":
    figures = measure()
    print(f"web_first_load_bytes={figures.gzipped_bytes} (raw {figures.raw_bytes}): {figures.files}")
    everything = precache()
    files = len(everything.files)
    print(f"precache_bytes={everything.gzipped_bytes} (raw {everything.raw_bytes}, {files} files)")
