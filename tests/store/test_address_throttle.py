"""Failed logins per client address: the address key, the sliding window against a brute-force oracle,
the sweep that bounds the table, and what a successful login forgets."""

from __future__ import annotations

import datetime as dt
import ipaddress
import uuid

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from headway.store import accounts
from headway.store.accounts import AddressThrottled, LoginThrottled, authenticate, create_user
from headway.store.address_throttle import (
    ADDRESS_FAILURES,
    ADDRESS_WINDOW,
    SWEEP_BATCH,
    address_blocked_until,
    address_key,
    record_failure,
)
from headway.store.tables_accounts import LoginFailureRow, UserRow

START = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)
MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2 with the lowest cost: these tests make many failed logins, each hashing a password."""
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def test_address_keys() -> None:
    assert address_key("203.0.113.9") == "203.0.113.9"
    assert address_key("::ffff:203.0.113.9") == "203.0.113.9"  # an IPv4 client on a dual-stack socket
    assert address_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert address_key("testclient") == "testclient"
    assert address_key(None) == address_key("") == "unknown"
    assert len(address_key("x" * 500)) == 64


@given(st.integers(0, 2**128 - 1), st.integers(0, 2**128 - 1))
def test_ipv6_addresses_share_a_key_exactly_when_they_share_a_64_prefix(a: int, b: int) -> None:
    first, second = ipaddress.IPv6Address(a), ipaddress.IPv6Address(b)
    if first in MAPPED or second in MAPPED:
        return
    assert (address_key(str(first)) == address_key(str(second))) == (a >> 64 == b >> 64)
    assert len(address_key(str(first))) <= 64


@given(st.integers(0, 2**32 - 1))
def test_an_ipv4_address_is_its_own_key(value: int) -> None:
    address = ipaddress.IPv4Address(value)
    assert address_key(str(address)) == address_key(f"::ffff:{address}") == str(address)


@given(st.text(max_size=200))
def test_any_host_text_has_a_short_key(host: str) -> None:
    key = address_key(host)
    assert 0 < len(key) <= 64 and key.isprintable() and key == address_key(host)


def _oracle(failures: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """The first moment from ``now`` on at which fewer than ADDRESS_FAILURES failures lie in the window
    ending there (None: ``now`` itself), found by trying every moment at which a failure leaves it."""
    def allowed(moment: dt.datetime) -> bool:
        return sum(moment - ADDRESS_WINDOW < at <= moment for at in failures) < ADDRESS_FAILURES

    if allowed(now):
        return None
    return min(moment for moment in (at + ADDRESS_WINDOW for at in failures) if moment > now and allowed(moment))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gaps=st.lists(st.integers(0, 3), max_size=2 * ADDRESS_FAILURES + 5), wait=st.integers(0, 25),
       unit=st.sampled_from([1, 20, 30, 37]))
@example(gaps=[0] * ADDRESS_FAILURES, wait=20, unit=30)  # the oldest failure exactly one window old
@example(gaps=[0] * ADDRESS_FAILURES + [1], wait=19, unit=30)
def test_the_window_slides_as_the_oracle_says(engine: Engine, gaps: list[int], wait: int, unit: int) -> None:
    """Failures recorded ``gaps`` units of ``unit`` seconds apart (the sweep runs on each), then asked ``wait``
    units after the last (units of 20 or 30 s often land exactly on the window's edge)."""
    address = f"t-{uuid.uuid4().hex[:12]}"
    failures, moment = [], START
    with Session(engine) as session:
        for gap in gaps:
            moment += dt.timedelta(seconds=gap * unit)
            record_failure(session, address, None, moment)
            failures.append(moment)
        now = moment + dt.timedelta(seconds=wait * unit)
        assert address_blocked_until(session, address, now) == _oracle(failures, now)
        session.rollback()


def test_the_sweep_keeps_the_table_to_about_one_window(engine: Engine) -> None:
    with Session(engine) as session:
        for i in range(SWEEP_BATCH + 50):
            record_failure(session, f"s-{i}", None, START)
        record_failure(session, "s-new", None, START + ADDRESS_WINDOW)  # the old rows have left the window
        assert _rows(session) == 50 + 1
        record_failure(session, "s-new", None, START + ADDRESS_WINDOW + dt.timedelta(seconds=1))
        assert _rows(session) == 2
        session.rollback()


def _rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(LoginFailureRow)) or 0


def test_a_success_forgets_only_the_accounts_own_failures(engine: Engine) -> None:
    """Typos of the account that then logs in stop counting; failures naming anyone else stay, so a client
    cannot clear its count by logging in to an account of its own between guesses."""
    address = "198.51.100.4"
    with Session(engine) as session:
        for name in ("ann", "bob"):
            create_user(session, name, f"{name} password")
        for name in ["ann"] * 3 + ["bob"] + ["ghost"] * (ADDRESS_FAILURES - 5):
            assert authenticate(session, name, "guess", START, address) is None
        assert authenticate(session, "ann", "ann password", START, address) is not None
        for _ in range(4):  # ann's three typos are forgotten; bob's and the ghost's still count
            assert authenticate(session, "ghost", "guess", START, address) is None
        with pytest.raises(AddressThrottled):
            authenticate(session, "ghost", "guess", START, address)
        session.rollback()


def test_the_window_passes_and_the_account_lock_counts_too(engine: Engine) -> None:
    """An attempt on a locked account is a failure of the address too; the address is free again once
    its oldest counted failure has left the window, and blocked again by the next failure."""
    address = "198.51.100.5"
    with Session(engine) as session:
        ann = create_user(session, "ann", "ann password")
        moments = [START + dt.timedelta(seconds=i) for i in range(ADDRESS_FAILURES)]
        for moment in moments:
            try:
                assert authenticate(session, "ann", "guess", moment, address) is None
            except LoginThrottled as err:  # ann's own lock, after FREE_ATTEMPTS
                assert not isinstance(err, AddressThrottled)
        with pytest.raises(AddressThrottled) as caught:
            authenticate(session, "ann", "ann password", moments[-1], address)
        assert caught.value.until == moments[0] + ADDRESS_WINDOW
        failed_before = session.scalar(select(UserRow.failed_logins).where(UserRow.id == ann.id))
        with pytest.raises(AddressThrottled):
            authenticate(session, "ann", "guess", caught.value.until - dt.timedelta(seconds=1), address)
        assert session.scalar(select(UserRow.failed_logins).where(UserRow.id == ann.id)) == failed_before
        assert _rows_of(session, address) == ADDRESS_FAILURES  # refused attempts record nothing
        assert authenticate(session, "ghost", "guess", caught.value.until, address) is None
        with pytest.raises(AddressThrottled) as again:
            authenticate(session, "ghost", "guess", caught.value.until, address)
        assert again.value.until == moments[1] + ADDRESS_WINDOW
        assert authenticate(session, "ann", "guess", START + 2 * ADDRESS_WINDOW, "198.51.100.6") is None
        session.rollback()


def _rows_of(session: Session, address: str) -> int:
    return session.scalar(select(func.count()).select_from(LoginFailureRow)
                          .where(LoginFailureRow.address == address)) or 0
