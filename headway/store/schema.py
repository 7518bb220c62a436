"""Every table of the store in one ``MetaData``: what the migrations must create."""

from __future__ import annotations

# their tables join Base.metadata on import
from headway.store import tables_accounts, tables_purpose, tables_server, tables_tracking
from headway.store.tables import Base

__all__ = ["metadata", "tables_accounts", "tables_purpose", "tables_server", "tables_tracking"]

metadata = Base.metadata
