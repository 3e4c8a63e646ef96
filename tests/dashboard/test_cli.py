"""`diskurs`: the ETL's commands and `diskurs dashboard`, in one command line."""

import pytest
from paths import ROOT

from dashboard import cli
from etl.cli import build_parser


def test_diskurs_runs_the_etl_commands(tmp_path, capsys):
    assert cli.main(["status", "--store", str(tmp_path / "empty")]) == 1
    assert capsys.readouterr().err.strip().startswith("error: no data in store")


def test_diskurs_dashboard_takes_the_options_of_python_m_dashboard(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["dashboard", "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("usage: diskurs dashboard")
    for option in ("--store", "--host", "--port", "--debug", "--users", "--allow-anonymous"):
        assert option in shown


def test_every_command_and_option_of_diskurs_is_documented_in_docs_cli():
    documented = (ROOT / "docs" / "cli.md").read_text()
    commands = build_parser("diskurs", cli.COMMANDS)._subparsers._group_actions[0].choices
    assert "dashboard" in commands and "users" in commands
    for name, parser in commands.items():
        assert f"## `diskurs {name}`" in documented
        for action in parser._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in documented, f"{name} {flag} missing from docs/cli.md"
