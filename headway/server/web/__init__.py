"""The web app: a no-build single-page app (plain ES modules and CSS) shipped in ``static/``.

It talks to the server only through the public REST API under ``/api/v1``.
"""

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

__all__ = ["STATIC_DIR"]
