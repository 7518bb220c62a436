"""Starting MPXJ's JVM: once, lazily, and with a message naming what to install when it cannot."""

from __future__ import annotations

import types
from typing import Any

import pytest

from headway.io import mpxj_jvm
from headway.model import PlanError


class FakeJPype(types.SimpleNamespace):
    """A jpype stand-in: no JVM running and none to be found, or one that starts."""

    def __init__(self, java: bool) -> None:
        super().__init__(started=0, java=java)

    def isJVMStarted(self) -> bool:
        return bool(self.started)

    def getDefaultJVMPath(self) -> str:
        if not self.java:
            raise RuntimeError("No JVM shared library file (libjvm.so) found. Try setting up the JAVA_HOME")
        return "/usr/lib/jvm/libjvm.so"

    def startJVM(self, *args: Any, **kwargs: Any) -> None:
        self.started += 1


def _fake(monkeypatch: pytest.MonkeyPatch, jpype: FakeJPype) -> None:
    modules = {"jpype": jpype, "mpxj": types.SimpleNamespace()}
    monkeypatch.setattr(mpxj_jvm, "_module", lambda name: modules[name])


def test_without_java_the_error_names_the_runtime_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, FakeJPype(java=False))
    with pytest.raises(PlanError) as err:
        mpxj_jvm.start()
    [problem] = err.value.problems
    assert problem.code == "mpxj_unavailable" and "no Java runtime" in problem.message
    assert "Java 11+" in (problem.hint or "") and "apt-get install default-jre-headless" in (problem.hint or "")


def test_the_jvm_starts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    jpype = FakeJPype(java=True)
    _fake(monkeypatch, jpype)
    for _ in range(3):
        mpxj_jvm.start()
    assert jpype.started == 1


def test_a_missing_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> Any:
        raise ImportError(f"No module named {name!r}")

    monkeypatch.setattr("headway.io.mpxj_jvm.importlib.import_module", missing)
    with pytest.raises(mpxj_jvm.MpxjUnavailable) as err:
        mpxj_jvm.start()
    assert "'jpype' is not installed" in err.value.problems[0].message
