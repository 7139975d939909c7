"""The multi-replica tests use the notification tests' real parts: the SMTP server in the test
process, RabbitMQ queues of their own, worker and beat subprocesses."""

from tests.notifications.conftest import (  # noqa: F401  (fixtures, found by name)
    db,
    mail_settings,
    queue_name,
    rabbitmq_url,
    smtp_server,
    start_service,
)
