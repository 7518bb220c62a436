"""Login throttling per client address: a password-spraying client that tries many user names (existing
or not) from one address is refused after ``ADDRESS_FAILURES`` failed logins within ``ADDRESS_WINDOW``.

Each failure is a row of ``login_failures``, so every server process on the database shares the count.
The window slides: logins from the address are refused until the oldest counted failure is older than
the window, so the address gets at most ``ADDRESS_FAILURES`` password checks per window. A refused
attempt checks no password and records nothing. Rows older than the window are swept, a batch at a
time, whenever a failure is recorded: the table holds about one window's failures. ``accounts.authenticate``
applies the rules; this module keeps the rows.
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from sqlalchemy import CursorResult, delete, or_, select
from sqlalchemy.orm import Session

from headway.store.tables_accounts import LoginFailureRow

ADDRESS_FAILURES = 20  # failed logins from one address within the window before it is refused
ADDRESS_WINDOW = dt.timedelta(minutes=10)
SWEEP_BATCH = 100  # stale rows deleted per recorded failure: the sweep outpaces the inserts
IPV6_PREFIX = 64  # one subscriber's allocation: an IPv6 client counts as its whole /64
_ADDRESS_LENGTH = 64  # the column's width


def address_key(host: str | None) -> str:
    """What failures from ``host`` (``request.client.host``) are counted under: an IPv4 address as is (also
    when IPv4-mapped), an IPv6 address as its /64 network, anything else (no address) as given, in
    printable characters (what PostgreSQL text holds)."""
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return "".join(c for c in host or "" if c.isprintable())[:_ADDRESS_LENGTH] or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


def _instant(now: dt.datetime) -> dt.datetime:
    """``now`` in UTC to the whole second (naive means UTC): stored as fixed-width text that sorts in time order."""
    aware = now if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).replace(microsecond=0)


def address_blocked_until(session: Session, address: str, now: dt.datetime) -> dt.datetime | None:
    """When logins from ``address`` are allowed again; None if they are allowed now."""
    cutoff = _instant(now) - ADDRESS_WINDOW
    recent = list(session.scalars(select(LoginFailureRow.at)
                                  .where(LoginFailureRow.address == address, LoginFailureRow.at > cutoff)
                                  .order_by(LoginFailureRow.at)))
    if len(recent) < ADDRESS_FAILURES:
        return None
    # Concurrent failures may overshoot the limit: wait until enough of them have left the window.
    return recent[len(recent) - ADDRESS_FAILURES] + ADDRESS_WINDOW


def record_failure(session: Session, address: str, user_id: int | None, now: dt.datetime) -> None:
    """Count a failed login from ``address`` (naming account ``user_id``, if any) and sweep stale rows."""
    at = _instant(now)
    session.add(LoginFailureRow(address=address, user_id=user_id, at=at))
    stale = (select(LoginFailureRow.id).where(LoginFailureRow.at <= at - ADDRESS_WINDOW)
             .limit(SWEEP_BATCH).with_for_update(skip_locked=True))  # PostgreSQL: never wait for another sweep
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.id.in_(stale))
                    .execution_options(synchronize_session=False))
    session.flush()


def forget_failures(session: Session, address: str, user_id: int) -> None:
    """A successful login as ``user_id``: that account's own failures from ``address`` (typos) stop counting.
    Failures naming other accounts or unknown names stay, so a client cannot reset its count by logging in
    to an account of its own between guesses."""
    session.execute(delete(LoginFailureRow)
                    .where(LoginFailureRow.address == address, LoginFailureRow.user_id == user_id)
                    .execution_options(synchronize_session=False))


def clear_failures(session: Session, *, address: str | None = None, user_id: int | None = None) -> int:
    """An admin's unlock: forget the failures from ``address`` (every account's) and/or the failures naming
    account ``user_id`` (from every address); how many were forgotten."""
    conditions = []
    if address is not None:
        conditions.append(LoginFailureRow.address == address)
    if user_id is not None:
        conditions.append(LoginFailureRow.user_id == user_id)
    if not conditions:
        return 0
    result = session.execute(delete(LoginFailureRow).where(or_(*conditions))
                             .execution_options(synchronize_session=False))
    assert isinstance(result, CursorResult)
    return result.rowcount
