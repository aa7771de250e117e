"""The recommender measured on the bundled Online Retail extract: the project reads
the file with its importer (``RECOMMENDATIONS_BASKET_FILE_READER``)."""

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import BUNDLED_EXTRACT


@pytest.mark.django_db
def test_the_command_prints_every_method_on_real_data(capsys):
    call_command("evaluate_recommendations", "--train-until", "2011-02-28",
                 "--file", str(BUNDLED_EXTRACT))
    out = capsys.readouterr().out
    for method in ("this recommender (neighbourhood-ease)", "weighted cosine, top-20",
                   "popularity", "item-item cosine", "implicit BM25Recommender (K=100)",
                   "EASE, dense, plain, lambda=25"):
        assert method in out
    assert "Training:" in out and "x BM25" in out and "x EASE" in out


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--train-until", "2011-01-31", "--file", "/nonexistent.csv"], "no such file"),
    (["--train-until", "2001-01-01", "--file", str(BUNDLED_EXTRACT)], "empty training set"),
])
def test_the_online_retail_reader_rejects_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_recommendations", *args)
