import pytest

from etl import DiskursError
from etl.schedule import every, parse_interval
from etl.store import StoreBusy


@pytest.mark.parametrize("text,seconds", [("30s", 30), ("15m", 900), ("1h", 3600), ("5", 300)])
def test_parse_interval_reads_units(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "fast", "-5m"])
def test_parse_interval_rejects_nonsense(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_every_keeps_going_after_a_busy_store_and_a_failed_refresh():
    outcomes = iter([StoreBusy("busy"), DiskursError("broken"), None])
    now, calls, sleeps = [0.0], [], []

    def job():
        calls.append(now[0])
        now[0] += 5  # each refresh takes five seconds
        outcome = next(outcomes)
        if outcome:
            raise outcome

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds

    assert every(60, job, times=3, sleep=sleep, clock=lambda: now[0]) == 3
    assert calls == [0, 60, 120]  # start to start, whatever each refresh did
    assert sleeps == [55, 55]
