"""`diskurs`: the ETL's commands and `diskurs dashboard`, in one command line."""

import pytest

from dashboard import cli


def test_diskurs_runs_the_etl_commands(tmp_path, capsys):
    assert cli.main(["status", "--store", str(tmp_path / "empty")]) == 1
    assert capsys.readouterr().err.strip().startswith("error: no data in store")


def test_diskurs_dashboard_takes_the_options_of_python_m_dashboard(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["dashboard", "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("usage: diskurs dashboard")
    for option in ("--store", "--host", "--port", "--debug"):
        assert option in shown
