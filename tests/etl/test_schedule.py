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


def test_every_survives_errors_that_are_not_its_own_and_stops_on_an_interrupt():
    outcomes = iter([OSError(28, "No space left on device"), ValueError("a bug"), KeyboardInterrupt()])
    calls = []

    def job():
        calls.append(1)
        raise next(outcomes)

    with pytest.raises(KeyboardInterrupt):
        every(1, job, sleep=lambda s: None)
    assert len(calls) == 3


def test_missed_ticks_are_skipped_not_replayed():
    now, calls = [0.0], []

    def job():
        calls.append(now[0])
        now[0] += 250 if len(calls) == 1 else 1  # the first refresh runs past four ticks

    def sleep(seconds):
        now[0] += seconds

    every(60, job, times=3, sleep=sleep, clock=lambda: now[0])
    assert calls == [0, 300, 360]  # not 60, 120, 180, 240 back to back
