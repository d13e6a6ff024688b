"""Registries of swappable pieces (extractor modes, readers, stores), spaCy-style."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Name → factory mapping filled by the ``register`` decorator."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def deco(obj: T) -> T:
            self._items[name] = obj
            return obj

        return deco

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KeyError(f"unknown {self.kind} {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: Any) -> bool:
        return name in self._items


#: Extraction modes: factory(settings, model_path) -> Extractor.
extractors: Registry[Callable[..., Any]] = Registry("extractor")
#: Input readers by format name: callable(path_or_stream, settings) -> Iterator[Article | InputError].
readers: Registry[Callable[..., Any]] = Registry("reader")
#: Storage back ends by URL scheme: factory(url) -> Store.
stores: Registry[Callable[..., Any]] = Registry("store")
