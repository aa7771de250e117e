"""The recommender measured on the bundled Online Retail extract: the project reads
the file with its importer (``RECOMMENDATIONS_BASKET_FILE_READER``)."""

import re

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import BUNDLED_EXTRACT, REPO


def readme_table(heading):
    """{method: (hit-rate, MRR, coverage, cases)} of the README table under ``heading``."""
    lines = (REPO / "README.md").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {heading}"))
    table = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        method, *figures = [cell.strip() for cell in line.strip("|").split("|")]
        table[method] = tuple(figures)
    return table


@pytest.mark.django_db
def test_the_command_prints_the_figures_the_readme_quotes(capsys):
    call_command("evaluate_recommendations", "--train-until", "2011-02-28",
                 "--file", str(BUNDLED_EXTRACT))
    out = capsys.readouterr().out
    printed = {}
    for line in out.splitlines():
        found = re.match(r"(.+?)\s{2,}(0\.\d{4})\s+(0\.\d{4})\s+(0\.\d{3})\s+([\d,]+)$",
                         line)
        if found:
            printed[found.group(1)] = found.groups()[1:]
    quoted = readme_table("bundled extract (train to 2011-02-28, test March)")
    assert len(quoted) == 7 and printed == quoted
    assert "Training: 2,174 baskets up to 2011-02-28" in out
    assert "x BM25" in out and "x EASE" in out


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--train-until", "2011-01-31", "--file", "/nonexistent.csv"], "no such file"),
    (["--train-until", "2001-01-01", "--file", str(BUNDLED_EXTRACT)], "empty training set"),
])
def test_the_online_retail_reader_rejects_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_recommendations", *args)
