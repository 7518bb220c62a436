"""The Java side of the MPXJ formats: find the ``mpxj`` and ``JPype1`` packages and a Java runtime,
start the JVM once per process on first use, and hand out MPXJ's classes.

This module and ``mpxj_extract`` are the only places that touch Java objects; everything past
them is typed Python data. Without Java or the packages the user gets ``MpxjUnavailable``, a
``PlanError`` naming what to install, never an ImportError from deep inside a reader.
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType
from typing import Any

from headway.model import PlanError, Problem

__all__ = ["INSTALL_HINT", "MpxjUnavailable", "java_class", "start"]

INSTALL_HINT = ("pip install 'headway[mpxj]' (the mpxj and JPype1 packages) and a Java 11+ runtime "
                "(e.g. apt-get install default-jre-headless)")
# MPXJ logs through log4j, which prints a warning on stderr when no logging back end is present.
_JVM_OPTIONS = ("-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory",
                "-Dlog4j2.level=OFF", "-Djava.awt.headless=true")
_lock = threading.Lock()


class MpxjUnavailable(PlanError):
    """MPXJ cannot run here: the mpxj/JPype1 packages or a Java runtime are missing."""

    def __init__(self, reason: str) -> None:
        super().__init__([Problem("mpxj_unavailable", f"reading this format needs MPXJ on Java: {reason}",
                                  hint=INSTALL_HINT)])
        self.reason = reason


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as err:
        raise MpxjUnavailable(f"the Python package {name!r} is not installed ({err})") from None


def start() -> None:
    """Start the JVM with MPXJ's jars on the class path, unless it is already running.

    Safe to call any number of times and from several threads; a JVM started elsewhere in the
    process is reused (it must have MPXJ's jars on its class path, which importing ``mpxj`` adds).
    """
    jpype = _module("jpype")
    with _lock:
        _module("mpxj")  # adds MPXJ's jars to JPype's class path
        if jpype.isJVMStarted():
            return
        try:
            path = jpype.getDefaultJVMPath()
        except Exception as err:  # JVMNotFoundException and kin
            raise MpxjUnavailable(f"no Java runtime found ({err})") from None
        try:
            jpype.startJVM(path, *_JVM_OPTIONS, convertStrings=False)
        except Exception as err:  # a JVM that cannot start (too old, broken install)
            raise MpxjUnavailable(f"the Java runtime at {path} did not start ({err})") from None


def java_class(name: str) -> Any:
    """The Java class ``name`` (e.g. ``org.mpxj.reader.UniversalProjectReader``), starting the JVM first."""
    start()
    jpype = _module("jpype")
    try:
        return jpype.JClass(name)
    except Exception as err:  # class not found: an mpxj too old for this reader
        raise MpxjUnavailable(f"MPXJ class {name} is missing ({err}); mpxj 13 or later is needed") from None
