"""The mutants a reviewer found alive (issue 17), each with the tests that must now
turn red on it. ``scripts/listed_mutants.py`` applies them one at a time.

A mutant is one textual change: ``old`` must occur exactly once in ``path``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    what: str
    path: str
    old: str
    new: str
    tests: tuple
    settings: str = ""  # run the tests with this settings module instead of the shop's


LISTED = [
    Mutant(
        "a mail's claim ignores the delivery's status (two runs mail the same people)",
        "shop/mail/delivery.py",
        "filter(pk=delivery.pk, status=Delivery.PENDING).update(",
        "filter(pk=delivery.pk).update(",
        ("tests/mail/test_delivery.py::test_a_delivery_claimed_by_another_run_is_left_to_it",
         "tests/shop/test_races.py::test_two_sends_at_once_mail_each_subscriber_once")),
    Mutant(
        "the review request's unique claim lets a second run through",
        "reviews/requests.py",
        "claim = ReviewRequest.objects.create(order=order, email=email,\n"
        "                                                     products=len(products))",
        "claim, _ = ReviewRequest.objects.get_or_create(order=order, defaults=dict(\n"
        "                    email=email, products=len(products)))",
        ("tests/reviews/test_requests.py::test_two_runs_at_once_ask_about_each_order_once",)),
    Mutant(
        "reserved addresses (*.invalid) are mailed basket reminders",
        "shop/mail/delivery.py",
        "if not addresses.is_deliverable(email):",
        "if False:",
        ("tests/mail/test_automated.py::test_no_reminder_to_a_reserved_address_or_a_leaver",)),
    Mutant(
        "events go in without skipping a replayed id (one statement, outside a transaction)",
        "funnel/tracker.py",
        "ops.insert_statement(on_conflict=OnConflict.IGNORE)",
        "ops.insert_statement(on_conflict=None)",
        ("tests/funnel/test_capture.py::"
         "test_a_replayed_event_keeps_the_others_written_with_it[autocommit]",)),
    Mutant(
        "events go in without skipping a replayed id (inside a transaction)",
        "funnel/tracker.py",
        "ignore_conflicts=True)",
        "ignore_conflicts=False)",
        ("tests/funnel/test_capture.py::"
         "test_a_replayed_event_keeps_the_others_written_with_it[transaction]",)),
    Mutant(
        "the purge deletes raw events not rolled up yet",
        "funnel/rollups.py",
        "    return _delete_before(cutoff)",
        "    return _delete_before(now - timedelta(days=conf.get(\"RETENTION_DAYS\")))",
        ("tests/funnel/test_rollups.py::test_the_purge_keeps_what_is_not_rolled_up_yet",)),
    Mutant(
        "a double-clicked vote is saved without the database's word on once",
        "reviews/views.py",
        "if services.save_once(form) is not None:",
        "if form.save() is not None:",
        ("tests/reviews/test_reviews.py::test_a_vote_double_clicked_in_two_tabs_counts_once",),
        # The shop's SQLite takes its write lock as each post begins, so there the
        # posts cannot overlap: the plugin alone (and PostgreSQL) lets them.
        settings="tests.standalone.reviews"),
    Mutant(
        "the purchase count is shown from 1 buyer by default (README: 5)",
        "reviews/conf.py",
        '"PURCHASE_COUNT_MIN": 5,',
        '"PURCHASE_COUNT_MIN": 1,',
        ("tests/reviews/test_reviews.py::TestPurchaseCounts::test_shown_from_five_orders_by_default",)),
    Mutant(
        "the default rate limit is 6 posts an hour (README: 5)",
        "reviews/conf.py",
        '"RATE_LIMIT_PER_HOUR": 5,',
        '"RATE_LIMIT_PER_HOUR": 6,',
        ("tests/reviews/test_guard_rails.py::test_the_sixth_post_in_an_hour_is_refused_by_default",)),
    Mutant(
        "a second setup_demo imports the order history again",
        "shop/demo/management/commands/setup_demo.py",
        "if Line.objects.filter(partner_name=PARTNER_NAME).exists():",
        "if False:",
        ("tests/demo/test_setup_demo.py::test_a_second_setup_imports_nothing_and_adds_nothing",)),
    Mutant(
        "a second seed_demo_reviews seeds again",
        "shop/demo/management/commands/seed_demo_reviews.py",
        "if ProductReview.objects.exists():",
        "if False:",
        ("tests/demo/test_seed_reviews.py::"
         "test_seeded_reviews_are_by_buyers_named_and_dated_after_their_purchase",
         "tests/demo/test_setup_demo.py::test_a_second_setup_imports_nothing_and_adds_nothing")),
    Mutant(
        "build_funnel_rollups reports a number it did not write",
        "funnel/management/commands/build_funnel_rollups.py",
        'f"Rolled up {days} day(s) into {rows} row(s)."',
        'f"Rolled up {days} day(s) into {days} row(s)."',
        ("tests/funnel/test_rollups.py::test_the_commands_say_what_they_did",)),
    Mutant(
        "build_funnel_rollups rolls nothing up",
        "funnel/management/commands/build_funnel_rollups.py",
        "days, rows = rollups.build()",
        "days, rows = 0, 0",
        ("tests/funnel/test_rollups.py::test_the_commands_say_what_they_did",
         "tests/shop/test_schedule.py::test_each_scheduled_job_runs_and_does_its_work")),
    Mutant(
        "purge_funnel_events deletes nothing",
        "funnel/management/commands/purge_funnel_events.py",
        "deleted = rollups.purge()",
        "deleted = 0",
        ("tests/funnel/test_rollups.py::test_the_commands_say_what_they_did",
         "tests/shop/test_schedule.py::test_each_scheduled_job_runs_and_does_its_work")),
    Mutant(
        "send_basket_reminders sends nothing",
        "shop/mail/management/commands/send_basket_reminders.py",
        "outcome = BasketReminders.send()",
        "from shop.mail.delivery import Outcome\n        outcome = Outcome()",
        ("tests/mail/test_automated.py::"
         "test_one_reminder_per_abandoned_basket_with_measured_links",
         "tests/shop/test_schedule.py::test_each_scheduled_job_runs_and_does_its_work")),
    Mutant(
        "a CSV export writes another figure than the dashboard shows",
        "funnel/dashboard/views.py",
        'writer.writerow([channel, s["label"], s["sessions"], s["step_rate"],',
        'writer.writerow([channel, s["label"], s["drop_off"] or 0, s["step_rate"],',
        ("tests/funnel/test_rollups.py::"
         "test_every_csv_export_holds_the_numbers_of_the_raw_events",)),
    Mutant(
        "the model changes and the README's evaluation figures stay",
        "recommendations/conf.py",
        '"RIDGE": 0.25,',
        '"RIDGE": 0.5,',
        ("tests/shop/test_evaluation_online_retail.py::"
         "test_the_command_prints_the_figures_the_readme_quotes",)),
]
