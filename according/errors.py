"""Errors that are the user's input, not the program: reported as one line, never a traceback."""


class AccordingError(Exception):
    """Base for errors shown to users as a single line."""


class InputError(AccordingError):
    """An input that cannot be read as an article; ``where`` names it (file, file:line)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.where, self.message))


class StoreError(AccordingError):
    """A database that cannot be reached, opened or written; ``status`` is its HTTP status."""

    status = 503


class SpeakerNotFound(StoreError):
    """A name or id that designates no speaker."""

    status = 404


class AmbiguousName(StoreError):
    """A name that designates several speakers; ``candidates`` lists them with their quotes."""

    status = 409

    def __init__(self, name: str, candidates: list[dict]) -> None:
        listed = "; ".join(f"{c['name']} (id {c['id']}, {c['quotes']} quotes)" for c in candidates)
        super().__init__(f"{name!r} matches {len(candidates)} speakers: {listed}; give the full "
                         "name or the id")
        self.name = name
        self.candidates = candidates

    def __reduce__(self):
        return (type(self), (self.name, self.candidates))


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception as one short line ``Type: message`` (spaCy's messages span several lines)."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
