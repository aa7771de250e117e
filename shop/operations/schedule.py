"""The periodic jobs of a production shop, as cron runs them.

Each job is a management command; ``manage.py crontab`` prints the lines for a
deployment. They run beside the application server and the task worker, never
inside a request, and every one of them is safe to run twice or late: each
remembers what it did (a mail's delivery row, a rollup's day, a rebuild's
orders) and carries on from there.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Job:
    command: str
    when: str  # cron's five fields, in the server's time zone
    why: str
    args: tuple = field(default=())


JOBS = (
    Job("build_funnel_rollups", "*/15 * * * *",
        "the Funnel report reads daily rollups; a quarter of an hour keeps today's fresh"),
    Job("send_order_confirmations", "*/10 * * * *",
        "confirmations the worker could not send (mail server down) or never got"),
    Job("refresh_search_ranks", "5 * * * *",
        "\"Best selling\" sorts by orders of the last 30 days: products sold since move"),
    Job("send_basket_reminders", "20 * * * *",
        "one reminder per basket left for FUNNEL_ABANDONED_AFTER_HOURS"),
    Job("send_review_requests", "0 10 * * *",
        "orders completed REVIEWS_REQUEST_DELAY_DAYS ago, mailed in the morning"),
    Job("mail_question_digest", "0 8 * * *",
        "shoppers' questions past REVIEWS_QUESTION_MAILS_PER_DAY, in one mail to staff"),
    Job("mine_recommendations", "40 * * * *",
        "an hourly rebuild (seconds): the model's scores take in the orders the worker "
        "counted in since"),
    Job("recompute_social_proof", "0 4 * * 0",
        "weekly audit: ratings and counts rebuilt from the rows they summarise"),
    Job("purge_funnel_events", "30 4 * * *",
        "raw events past FUNNEL_RETENTION_DAYS, once rolled up"),
    Job("prune_db_task_results", "45 4 * * *",
        "finished task results of the worker's queue", ("--min-age-days", "7")),
    Job("clearsessions", "0 5 * * *", "expired sessions"),
)


def cron_lines(directory, python, settings_module, log):
    """The crontab of a deployment in ``directory``, one line per job."""
    lines = [f"# {job.command}: {job.why}\n{job.when} cd {directory} && "
             f"DJANGO_SETTINGS_MODULE={settings_module} {python} manage.py {job.command}"
             f"{''.join(' ' + a for a in job.args)} >> {log} 2>&1" for job in JOBS]
    return "\n".join(lines) + "\n"
