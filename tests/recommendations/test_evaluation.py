"""The evaluation protocol and its command."""

from datetime import date

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from recommendations import evaluation

D1, D2, D3 = date(2011, 1, 1), date(2011, 1, 2), date(2011, 1, 3)


def test_split_follows_the_protocol():
    baskets = [
        (D1, "a", ["x", "y"]), (D2, "b", ["y", "z"]),          # training
        (D3, "c", ["x", "y", "new"]),                          # 'new' unseen: dropped
        (D3, "d", ["z", "new"]),                               # one known product: no case
    ]
    split = evaluation.split_baskets(baskets, train_until=D2)
    assert split.items.tolist() == ["x", "y", "z"]
    assert split.train.shape == (2, 3)
    assert split.test_baskets == 1 and len(split.hidden) == 1
    hidden = split.items[split.hidden[0]]
    rest = split.items[split.remaining[0].indices].tolist()
    assert sorted([hidden, *rest]) == ["x", "y"]
    # the draw is numpy's default_rng(0) over the basket's sorted products
    assert hidden == ["x", "y"][np.random.default_rng(0).integers(2)]


def test_a_validation_window_ends_before_the_test_period():
    D4 = date(2011, 1, 4)
    baskets = [(D1, "a", ["x", "y", "z"]), (D2, "b", ["x", "y"]), (D3, "c", ["y", "z"]),
               (D4, "d", ["x", "z"])]
    validation = evaluation.split_baskets(baskets, train_until=D1, test_until=D3)
    assert validation.test_baskets == 2  # b and c; d is the test period's
    test = evaluation.split_baskets(baskets, train_until=D1)
    assert test.test_baskets == 3
    with pytest.raises(evaluation.EvaluationError, match="must end after the training"):
        evaluation.split_baskets(baskets, train_until=D2, test_until=D2)
    with pytest.raises(evaluation.EvaluationError,
                       match="no test baskets after 2011-01-01 up to 2011-01-02"):
        evaluation.split_baskets([(D1, "a", ["x", "y"]), (D3, "c", ["x", "y"])],
                                 train_until=D1, test_until=D2)


def test_all_items_hides_each_product_in_turn():
    baskets = [(D1, "a", ["x", "y", "z"]), (D3, "b", ["x", "y", "z"])]
    split = evaluation.split_baskets(baskets, train_until=D1, all_items=True)
    assert sorted(split.items[split.hidden].tolist()) == ["x", "y", "z"]


def test_empty_training_and_test_sets_are_errors():
    with pytest.raises(evaluation.EvaluationError, match="empty training set"):
        evaluation.split_baskets([(D2, "a", ["x", "y"])], train_until=D1)
    with pytest.raises(evaluation.EvaluationError, match="no test baskets"):
        evaluation.split_baskets([(D1, "a", ["x", "y"])], train_until=D1)


def test_lists_are_filled_by_popularity_and_skip_the_basket():
    scores = np.array([[0.0, 0.5, 0.0, 0.0]])
    remaining = evaluation._binary([[0]], 4)
    popularity = np.array([9, 1, 5, 7])
    lists = evaluation.top_k(scores, remaining, popularity, k=3)
    assert lists.tolist() == [[1, 3, 2]]


def test_metrics():
    lists = np.array([[5, 1, 2], [3, 4, 6]])
    result = evaluation.measure("m", lists, np.array([1, 9]), n_items=10)
    assert (result.hit_rate, result.mrr, result.coverage) == (0.5, 0.25, 0.6)


def write_baskets(path, rows):
    path.write_text("order,date,product\n" + "".join(f"{o},{d},{p}\n" for o, d, p in rows))
    return path


@pytest.fixture
def basket_file(tmp_path, settings):
    """Baskets in the plugin's own file format: three products bought in pairs, and a
    best seller bought alone (popularity ranks it first, co-purchase does not)."""
    rows = [(f"b{n}", "2011-01-15", "bag") for n in range(50)]
    for n in range(30):
        day = f"2011-01-{1 + n % 28:02d}"
        rows += [(f"t{n}", day, "lamp"), (f"t{n}", day, "bulb" if n % 3 else "shade")]
    for n in range(10):
        rows += [(f"v{n}", "2011-03-01", "lamp"), (f"v{n}", "2011-03-01", "bulb")]
    # The plugin's own reader, also where a project reads its own format (as this one does).
    settings.RECOMMENDATIONS_BASKET_FILE_READER = "recommendations.evaluation.read_basket_csv"
    return write_baskets(tmp_path / "baskets.csv", rows)


@pytest.mark.django_db
def test_the_command_measures_every_method_on_a_basket_file(basket_file, capsys):
    call_command("evaluate_recommendations", "--train-until", "2011-02-28",
                 "--file", str(basket_file))
    out = capsys.readouterr().out
    assert "Training: 80 baskets up to 2011-02-28, 4 products. Test: 10 baskets" in out
    rows = {line.rsplit(None, 4)[0]: line.rsplit(None, 4)[1:] for line in out.splitlines()
            if line.startswith(("this recommender", "weighted cosine", "popularity", "EASE"))}
    # Every held-out lamp or bulb is the other's top complement: found at rank 1, by the
    # shipped model and by the fallback alike.
    assert rows["this recommender (neighbourhood-ease)"][:2] == ["1.0000", "1.0000"]
    assert rows["weighted cosine, top-20 (the fallback)"][:2] == ["1.0000", "1.0000"]
    assert rows["EASE, dense, plain, lambda=25"][:2] == ["1.0000", "1.0000"]
    # Popularity puts the bag first and the held-out product second.
    assert rows["popularity"][:2] == ["1.0000", "0.5000"]


@pytest.mark.django_db
@pytest.mark.parametrize("content, message", [
    ("order;date;product\n", "missing column"),
    ("order,date,product\na,yesterday,x\n", "line 2: 'yesterday' is not a date"),
])
def test_a_bad_basket_file_names_its_fault(tmp_path, settings, content, message):
    settings.RECOMMENDATIONS_BASKET_FILE_READER = "recommendations.evaluation.read_basket_csv"
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_recommendations", "--train-until", "2011-01-31", "--file",
                     str(path))


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--train-until", "2011-13-01"], "is not a date"),
    (["--train-until", "2011-01-31", "--file", "/nonexistent.csv"], "no such file"),
    (["--train-until", "2011-01-31"], "empty training set"),  # the shop has no orders
])
def test_the_command_rejects_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_recommendations", *args)


def test_bad_input_exits_with_status_1():
    import subprocess
    import sys

    from tests.conftest import REPO

    result = subprocess.run(
        [sys.executable, "manage.py", "evaluate_recommendations", "--train-until", "nope"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "'nope' is not a date" in result.stderr
