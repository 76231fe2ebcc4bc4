"""Import spaCy without its command-line interface.

``import spacy`` runs ``from .cli.info import info``, and ``spacy.cli`` imports every
command with typer, weasel, requests, jinja2 and more: about 0.15 s and 19 MB of a process
that only tags text. After ``defer_cli`` (called when ``commlint.nlp`` is imported), spaCy
imports with ``spacy.cli`` and ``spacy.cli.info`` as modules that are not run until
something uses them: the first
attribute anyone reads from them (``spacy.cli.download``, calling ``spacy.info()``) runs
the real code in place, so nothing behaves differently, it only happens later or never.
A process that imported spaCy before commlint keeps it as it is.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
import types
from typing import Any, Sequence

_DEFERRED = ("spacy.cli", "spacy.cli.info")
_lock = threading.RLock()


class _Deferred(types.ModuleType):
    """A module whose code runs the first time an attribute it lacks is read."""

    def __getattr__(self, name: str) -> Any:
        probe = name.startswith("__") and name.endswith("__") and name != "__all__"
        if not probe:
            _run(self)  # waits for another thread's run of it to finish
            if name in self.__dict__:
                return self.__dict__[name]
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        # the import system binds a submodule imported before the package ran ("spacy.cli.info")
        # to the package: held aside, so that reading it runs the package, which binds its own
        # names (``spacy.cli.info`` is the function, as in spaCy)
        if isinstance(value, types.ModuleType) and "_commlint_run" in self.__dict__:
            self.__dict__.setdefault("_commlint_held", {})[name] = value
            return
        super().__setattr__(name, value)


def _run(module: types.ModuleType) -> None:
    """Run ``module``'s real code in place, once; other threads wait for it."""
    with _lock:
        run = module.__dict__.pop("_commlint_run", None)
        if run is None:
            return
        held = module.__dict__.pop("_commlint_held", {})
        run(module)
        for name, value in held.items():
            module.__dict__.setdefault(name, value)


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the deferred modules where they really are and defers running them."""

    def __init__(self) -> None:
        self._real: dict[str, importlib.machinery.ModuleSpec] = {}

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: object = None):
        if fullname not in _DEFERRED or path is None:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or real.loader is None:
            return None
        self._real[fullname] = real
        spec = importlib.machinery.ModuleSpec(fullname, self, origin=real.origin,
                                              is_package=real.submodule_search_locations is not None)
        spec.submodule_search_locations = real.submodule_search_locations
        spec.has_location = real.has_location
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _Deferred(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        real = self._real[module.__name__]

        def run(target: types.ModuleType) -> None:
            target.__spec__ = real
            target.__loader__ = real.loader
            real.loader.exec_module(target)  # type: ignore[union-attr]

        module.__dict__["_commlint_run"] = run
        if module.__name__ == "spacy.cli.info":  # ``from .cli.info import info`` reads it at once

            def info(*args: Any, **kwargs: Any) -> Any:
                """``spacy.info``: runs ``spacy.cli.info`` first, then its ``info``."""
                _run(module)
                real = module.__dict__.get("info")
                if real is info or real is None:
                    raise RuntimeError("spacy.cli.info defines no info()")
                return real(*args, **kwargs)

            module.__dict__["info"] = info


_finder: _Finder | None = None


def defer_cli() -> None:
    """From now on, an ``import spacy`` in this process leaves its CLI modules unrun (see
    the module docstring). Does nothing once spaCy is imported: it is used as it is."""
    global _finder
    with _lock:
        if _finder is None and "spacy" not in sys.modules:
            _finder = _Finder()
            sys.meta_path.insert(0, _finder)
