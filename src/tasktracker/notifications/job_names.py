"""Stable job names: messages already in a queue keep working across deployments."""

SEND_EMAIL = "notifications.send_email"
SEND_EMAILS = "notifications.send_emails"
DIGEST_TICK = "notifications.digest_tick"
REMINDER_TICK = "notifications.reminder_tick"
SWEEP_OUTBOX = "notifications.sweep_outbox"
PURGE_MAIL = "notifications.purge_mail"
