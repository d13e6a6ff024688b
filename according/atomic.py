"""Writing a file whole or not at all: a temporary file beside the target, renamed over it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

from according.errors import AccordingError


class AtomicFile:
    """A temporary file beside ``path`` that replaces it on ``commit`` (never half-written)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path.parent or ".", prefix=f".{self.path.name}.",
                                       suffix=".tmp")
        except FileNotFoundError:
            raise AccordingError(
                f"{path}: cannot write: directory {self.path.parent} does not exist") from None
        except OSError as exc:
            raise AccordingError(f"{path}: cannot write: {exc.strerror or exc}") from None
        self.tmp = Path(tmp)
        self.stream: IO[bytes] = os.fdopen(fd, "wb")

    def commit(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        umask = os.umask(0)
        os.umask(umask)
        mode = self.path.stat().st_mode & 0o7777 if self.path.exists() else 0o666 & ~umask
        os.chmod(self.tmp, mode)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.stream.close()
        self.tmp.unlink(missing_ok=True)


