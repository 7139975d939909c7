"""The worker while PostgreSQL refuses connections (tests/faults.py between the worker and the
database): each job fails as an expected failure, the outage is logged once, and no email is
lost: once the database is back, the outbox sweep republishes the rows and they go out once."""

import pytest

from tasktracker.config import Settings
from tasktracker.db import Database
from tests.faults import fault_proxy

from .conftest import SmtpServer, StartService, api_client, wait_for_status

PASSWORD = "correct horse battery"


@pytest.fixture
def database_url(required_postgres_url: str) -> str:
    """PostgreSQL only: the proxy stands between the worker and a server."""
    return required_postgres_url


async def test_jobs_fail_quietly_while_the_database_refuses_and_the_sweep_delivers_after(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    async with fault_proxy(mail_settings.database_url) as proxy:
        worker_settings = mail_settings.model_copy(
            update={"database_url": proxy.url(mail_settings.database_url)}
        )
        worker = await start_service("worker", worker_settings)
        await proxy.refuse()

        # The API still reaches the database; its welcome jobs reach a worker that cannot.
        async with api_client(mail_settings) as http:
            for n in range(3):
                response = await http.post(
                    "/user", json={"email": f"user{n}@example.com", "password": PASSWORD}
                )
                assert response.status_code == 200, response.text
        async with db.connection() as conn:
            outbox_ids = [row["id"] for row in await conn.fetch("SELECT id FROM email_outbox ORDER BY id")]
        assert len(outbox_ids) == 3
        await worker.wait_for_log("raised expected: DatabaseUnavailable(", times=3)
        assert worker.log.count("database unavailable (") == 1
        assert "Traceback" not in worker.log
        for outbox_id in outbox_ids:
            row = await wait_for_status(db, outbox_id, "pending")
            assert row["attempts"] == 0

        await proxy.pass_traffic()
        await start_service("beat", mail_settings)
        received = await smtp_server.handler.wait_for(3)
        assert sorted(mail.recipients[0] for mail in received) == [f"user{n}@example.com" for n in range(3)]
        for outbox_id in outbox_ids:
            assert (await wait_for_status(db, outbox_id, "sent"))["attempts"] == 1
        assert worker.log.count("database available again") == 1
        assert "Traceback" not in worker.log
