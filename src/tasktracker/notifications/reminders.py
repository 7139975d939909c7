"""Task reminders: beat's tick emails every reminder that fell due, at most once each.

A tick claims due reminders a batch at a time: one statement clears `tasks.remind_at` of the
oldest due ones (read from the partial index of tasks with a reminder, so the tick's cost follows
the due reminders, never the number of tasks) and returns them; the emails of those whose task is
still open go into the outbox in the same transaction. A claimed reminder is cleared whether or
not its email is written, so a concurrent or retried tick finds nothing to send twice, and a
worker dying mid-batch rolls the whole batch back for the next tick. Jobs are published after
each commit; when the broker is down the rows stay pending for the outbox sweep.

A reminder set in the past is due at once: the next tick sends it.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.notifications import queries
from tasktracker.notifications.outbox import Publish
from tasktracker.notifications.schemas import ReminderPayload, as_language

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ReminderTickReport:
    claimed: int = 0
    emails_enqueued: int = 0
    publish_failed: bool = False


async def run_reminder_tick(
    db: Database, *, now: datetime, settings: Settings, publish: Publish
) -> ReminderTickReport:
    """Claim every reminder due at `now`, REMINDER_BATCH_SIZE per transaction, and enqueue the
    emails of the open tasks among them."""
    report = ReminderTickReport()
    while True:
        async with db.transaction() as conn:
            claimed = await queries.claim_reminders(conn, now, settings.reminder_batch_size)
            emails = [
                {
                    "user_id": task["owner_id"],
                    "recipient": task["email"],
                    "payload": ReminderPayload(
                        task_id=task["id"],
                        title=task["title"],
                        due_date=task["due_date"],
                        due_time=task["due_time"],
                        locale=as_language(task["locale"]),
                    ).model_dump_json(),
                }
                for task in claimed
                if not task["done"]
            ]
            outbox_ids = await queries.insert_reminder_emails(conn, json.dumps(emails), now) if emails else []
        report.claimed += len(claimed)
        report.emails_enqueued += len(outbox_ids)
        if outbox_ids and not report.publish_failed:
            try:
                publish(outbox_ids)
            except Exception:
                log.warning("broker unreachable; the outbox sweep will publish the reminders", exc_info=True)
                report.publish_failed = True
        if len(claimed) < settings.reminder_batch_size:
            return report
