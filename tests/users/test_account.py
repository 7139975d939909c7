"""GET and PATCH /user, POST /user/password and DELETE /user, on both databases."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tasktracker import tables
from tasktracker.config import Settings
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.outbox import ClaimedEmail
from tests.conftest import ClientFactory, register
from tests.users.conftest import execute, fetch

EMAIL = "ada@example.com"
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


async def log_in(browser: httpx.AsyncClient, password: str = PASSWORD) -> httpx.Response:
    return await browser.post("/session", json={"email": EMAIL, "password": password})


async def change_password(http: httpx.AsyncClient, **body: str) -> httpx.Response:
    return await http.post("/user/password", json=body, headers={"User-Agent": CHROME})


async def delete_account(http: httpx.AsyncClient, **body: str) -> httpx.Response:
    return await http.request("DELETE", "/user", json=body)


async def make_passwordless(app: FastAPI, user_id: object) -> None:
    """As an account made by an external provider is."""
    await execute(app, "UPDATE users SET password_hash = NULL WHERE id = :id", id=user_id)


async def outbox_emails(app: FastAPI, kind: MailKind) -> list[ClaimedEmail]:
    rows = await fetch(
        app,
        "SELECT id, recipient, payload, created_at FROM email_outbox WHERE kind = :kind ORDER BY id",
        kind=kind,
    )
    return [
        ClaimedEmail(row["id"], kind, row["recipient"], json.loads(row["payload"]), 0, row["created_at"])
        for row in rows
    ]


# GET /user


async def test_the_user_has_every_field_of_the_contract(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await register(client)
    now = datetime.now(UTC)
    for provider, subject, email in [("gitlab", "42", "ada@gitlab.example"), ("google", "7", None)]:
        await execute(
            app,
            "INSERT INTO user_identities (user_id, provider, subject, email, created_at) "
            "VALUES (:user_id, :provider, :subject, :email, :now)",
            user_id=user["id"],
            provider=provider,
            subject=subject,
            email=email,
            now=now,
        )
    response = await client.get("/user")
    assert response.status_code == 200
    assert response.json() == {
        "id": user["id"],
        "email": EMAIL,
        "timezone": None,
        "locale": "en",
        "has_password": True,
        "identities": [
            {"provider": "gitlab", "email": "ada@gitlab.example"},
            {"provider": "google", "email": None},
        ],
        "digest": {"enabled": True, "hour": 0},
    }
    # Logging in answers the same user.
    assert (await log_in(client)).json() == response.json()


async def test_an_account_without_a_password_says_so(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await register(client)
    await make_passwordless(app, user["id"])
    assert (await client.get("/user")).json()["has_password"] is False


@pytest.mark.parametrize("locale", ["en", "ru"])
async def test_registration_stores_the_language(client: httpx.AsyncClient, locale: str) -> None:
    response = await client.post("/user", json={"email": EMAIL, "password": PASSWORD, "locale": locale})
    assert response.status_code == 200
    assert response.json()["locale"] == locale
    assert (await client.get("/user")).json()["locale"] == locale


async def test_registration_refuses_an_unknown_language(client: httpx.AsyncClient) -> None:
    response = await client.post("/user", json={"email": EMAIL, "password": PASSWORD, "locale": "fr"})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["locale"]


# PATCH /user


async def test_patch_changes_what_is_sent_and_keeps_the_rest(client: httpx.AsyncClient) -> None:
    await register(client)
    response = await client.patch("/user", json={"timezone": "Asia/Tokyo"})
    assert response.status_code == 200
    assert response.json()["timezone"] == "Asia/Tokyo"
    response = await client.patch("/user", json={"digest": {"hour": 7}})
    assert response.json()["digest"] == {"enabled": True, "hour": 7}
    response = await client.patch("/user", json={"locale": "ru", "digest": {"enabled": False}})
    body = response.json()
    assert (body["timezone"], body["locale"], body["digest"]) == (
        "Asia/Tokyo",
        "ru",
        {"enabled": False, "hour": 7},
    )
    assert (await client.get("/user")).json() == body
    # JSON Schema counts 8.0 as an integer: so does the API.
    response = await client.patch("/user", json={"digest": {"hour": 8.0}})
    assert response.status_code == 200
    assert response.json()["digest"] == {"enabled": False, "hour": 8}


@pytest.mark.parametrize("cleared", [None, "", "  "])
async def test_patch_clears_the_timezone(client: httpx.AsyncClient, cleared: str | None) -> None:
    await client.post("/user", json={"email": EMAIL, "password": PASSWORD, "timezone": "Europe/Paris"})
    response = await client.patch("/user", json={"timezone": cleared})
    assert response.status_code == 200
    assert response.json()["timezone"] is None
    assert (await client.get("/user")).json()["timezone"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"locale": "fr"}, "locale"),
        ({"locale": None}, "locale"),
        ({"digest": None}, "digest"),
        ({"digest": {}}, "digest"),
        ({"digest": {"hour": 24}}, "digest.hour"),
        ({"digest": {"hour": -1}}, "digest.hour"),
        ({"digest": {"hour": "7"}}, "digest.hour"),
        ({"digest": {"hour": None}}, "digest.hour"),
        ({"digest": {"enabled": "yes"}}, "digest.enabled"),
        ({"digest": {"enabled": True, "at": 7}}, "digest.at"),
        ({"email": "bob@example.com"}, "email"),
    ],
)
async def test_invalid_patches_are_422_with_the_field_and_change_nothing(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    user = await register(client)
    response = await client.patch("/user", json=body)
    assert response.status_code == 422
    payload = response.json()
    assert payload["message"]
    assert [error["field"] for error in payload["errors"]] == [field]
    assert (await client.get("/user")).json() == user


async def test_patch_needs_a_session(client: httpx.AsyncClient) -> None:
    response = await client.patch("/user", json={"locale": "ru"})
    assert response.status_code == 401


# POST /user/password


async def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    phone = make_client()
    assert (await log_in(phone)).status_code == 200
    response = await change_password(client, current_password=PASSWORD, new_password=NEW_PASSWORD)
    assert response.status_code == 204
    assert (await client.get("/user")).status_code == 200
    assert (await client.post("/session/refresh")).status_code == 200
    assert (await phone.get("/user")).status_code == 401
    assert (await phone.post("/session/refresh")).status_code == 401
    assert (await log_in(make_client(), PASSWORD)).status_code == 401
    assert (await log_in(make_client(), NEW_PASSWORD)).status_code == 200


async def test_a_wrong_current_password_is_403_and_changes_nothing(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    await register(client)
    phone = make_client()
    await log_in(phone)
    response = await change_password(client, current_password="not my password", new_password=NEW_PASSWORD)
    assert response.status_code == 403
    assert response.json() == {
        "message": "The password is wrong",
        "errors": [{"field": "current_password", "message": "The password is wrong"}],
    }
    missing = await change_password(client, new_password=NEW_PASSWORD)
    assert missing.status_code == 403
    assert missing.json()["errors"] == [
        {"field": "current_password", "message": "Enter your password to confirm"}
    ]
    # Still signed in everywhere, with the old password, and no email.
    assert (await client.get("/user")).status_code == 200
    assert (await phone.get("/user")).status_code == 200
    assert (await log_in(make_client(), PASSWORD)).status_code == 200
    assert await outbox_emails(app, MailKind.PASSWORD_CHANGED) == []


async def test_wrong_current_passwords_count_towards_the_login_limits(client: httpx.AsyncClient) -> None:
    await register(client)
    statuses = [
        (await change_password(client, current_password=f"guess {n}", new_password=NEW_PASSWORD)).status_code
        for n in range(6)
    ]
    assert statuses[:5] == [403] * 5
    assert statuses[5] == 429


@pytest.mark.parametrize(("new_password", "status"), [("short", 422), ("x" * 129, 422), (NEW_PASSWORD, 204)])
async def test_the_new_password_follows_the_rules_of_registration(
    client: httpx.AsyncClient, new_password: str, status: int
) -> None:
    await register(client)
    response = await change_password(client, current_password=PASSWORD, new_password=new_password)
    assert response.status_code == status
    if status == 422:
        assert [error["field"] for error in response.json()["errors"]] == ["new_password"]


async def test_an_account_without_a_password_sets_one_without_a_current_one(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    user = await register(client)
    await make_passwordless(app, user["id"])
    response = await change_password(client, new_password=NEW_PASSWORD)
    assert response.status_code == 204
    assert (await client.get("/user")).json()["has_password"] is True
    assert (await log_in(make_client(), NEW_PASSWORD)).status_code == 200


async def test_the_notice_is_queued_after_the_change(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings
) -> None:
    await register(client)
    await change_password(client, current_password=PASSWORD, new_password=NEW_PASSWORD)
    [email] = await outbox_emails(app, MailKind.PASSWORD_CHANGED)
    assert email.recipient == EMAIL
    assert email.payload == {"locale": "en", "device": "Chrome 120 on Linux", "ip": "203.0.113.7"}
    message = build_message(email, settings, now=datetime.now(UTC))
    assert message["Subject"] == "Your Task Tracker password was changed"
    text, html = (part.get_content() for part in message.iter_parts())
    assert "was just changed from Chrome 120 on Linux (address 203.0.113.7)" in text
    assert "Every other device signed in to your account was signed out" in html


async def test_the_notice_is_in_the_users_language(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings
) -> None:
    await register(client)
    # The language is the account's at the time of the change.
    await client.patch("/user", json={"locale": "ru"})
    await change_password(client, current_password=PASSWORD, new_password=NEW_PASSWORD)
    [email] = await outbox_emails(app, MailKind.PASSWORD_CHANGED)
    message = build_message(email, settings, now=datetime.now(UTC))
    assert message["Subject"] == "Пароль в Task Tracker изменён"
    text, html = (part.get_content() for part in message.iter_parts())
    assert "только что изменён с устройства Chrome 120 on Linux (адрес 203.0.113.7)" in text
    assert '<html lang="ru">' in html and "Пароль изменён" in html


async def test_a_password_change_retires_unused_reset_links(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    await register(client)
    assert (await make_client().post("/password-reset", json={"email": EMAIL})).status_code == 202
    [reset_email] = await outbox_emails(app, MailKind.PASSWORD_RESET)
    await change_password(client, current_password=PASSWORD, new_password=NEW_PASSWORD)
    confirm = await make_client().post(
        "/password-reset/confirm",
        json={"token": reset_email.payload["token"], "new_password": "attacker's one"},
    )
    assert confirm.status_code == 400
    assert (await log_in(make_client(), NEW_PASSWORD)).status_code == 200


# DELETE /user


async def own_everything(client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI) -> int:
    """A user with a row in every table that refers to users: tasks, two sessions with rotated
    refresh tokens, a reset token, emails, a list, an identity, an access token, a digest claim and a
    done occurrence of a recurring task. Returns the user id."""
    user = await register(client)
    user_id = user["id"]
    assert isinstance(user_id, int)
    created = await client.post(
        "/tasks", json={"title": "Water the plants", "due_date": "2026-12-01", "recurrence": "FREQ=DAILY"}
    )
    assert created.status_code == 201, created.text
    # Completing a recurring task records the occurrence (task_occurrences) and moves it on.
    assert (await client.patch(f"/tasks/{created.json()['id']}", json={"done": True})).status_code == 200
    phone = make_client()
    await log_in(phone)
    assert (await phone.post("/session/refresh")).status_code == 200
    assert (await phone.post("/password-reset", json={"email": EMAIL})).status_code == 202
    now = datetime.now(UTC)
    errands = await client.post("/lists", json={"name": "Errands"})
    assert errands.status_code == 201, errands.text
    in_list = await client.post("/tasks", json={"title": "Post the parcel", "list_id": errands.json()["id"]})
    assert in_list.status_code == 201, in_list.text
    await execute(
        app,
        "INSERT INTO user_identities (user_id, provider, subject, email, created_at) "
        "VALUES (:user_id, 'gitlab', '42', NULL, :now)",
        user_id=user_id,
        now=now,
    )
    await execute(
        app,
        "INSERT INTO personal_access_tokens"
        " (user_id, name, token_hash, prefix, scopes, created_at, expires_at)"
        " VALUES (:user_id, 'backup', :hash, 'tt_abc', 'tasks:read', :now, :later)",
        user_id=user_id,
        hash="0" * 64,
        now=now,
        later=now + timedelta(days=30),
    )
    await execute(
        app,
        "INSERT INTO digests (user_id, local_date, created_at) VALUES (:user_id, :day, :now)",
        user_id=user_id,
        day=now.date(),
        now=now,
    )
    return user_id


async def row_counts(app: FastAPI) -> dict[str, int]:
    counts = {}
    for table in tables.metadata.sorted_tables:
        [row] = await fetch(app, f"SELECT COUNT(*) AS n FROM {table.name}")
        counts[table.name] = row["n"]
    return counts


async def test_deleting_the_account_leaves_no_row_in_any_table(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    await own_everything(client, make_client, app)
    before = await row_counts(app)
    assert all(before.values()), before  # the test covers every table
    response = await delete_account(client, password=PASSWORD)
    assert response.status_code == 204
    assert await row_counts(app) == dict.fromkeys(before, 0)
    cleared = {header.split("=", 1)[0]: header.lower() for header in response.headers.get_list("set-cookie")}
    assert set(cleared) == {"access_token", "refresh_token"}
    assert all("max-age=0" in header for header in cleared.values())
    assert (await client.get("/user")).status_code == 401
    assert (await log_in(make_client())).status_code == 401


async def test_deleting_an_account_keeps_the_other_users(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    other = make_client()
    bob = await register(other, "bob@example.com")
    await other.post("/tasks", json={"title": "Bob's task"})
    before = await row_counts(app)
    await own_everything(client, make_client, app)
    assert (await delete_account(client, password=PASSWORD)).status_code == 204
    assert await row_counts(app) == before
    assert (await other.get("/user")).json() == bob
    assert [task["title"] for task in (await other.get("/tasks")).json()] == ["Bob's task"]


@pytest.mark.parametrize(
    ("body", "status"), [({"password": "not my password"}, 403), ({}, 403), ({"password": ""}, 422)]
)
async def test_deleting_needs_the_password(
    client: httpx.AsyncClient, app: FastAPI, body: dict[str, str], status: int
) -> None:
    await register(client)
    response = await delete_account(client, **body)
    assert response.status_code == status
    assert response.json()["errors"][0]["field"] == "password"
    assert "set-cookie" not in response.headers
    assert (await client.get("/user")).status_code == 200


async def test_an_account_without_a_password_is_deleted_after_a_recent_sign_in_only(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await register(client)
    await make_passwordless(app, user["id"])
    eleven_minutes_ago = datetime.now(UTC) - timedelta(minutes=11)
    await execute(app, "UPDATE sessions SET created_at = :at", at=eleven_minutes_ago)
    stale = await delete_account(client)
    assert stale.status_code == 403
    assert stale.json() == {"message": "Sign in again, then delete the account within 10 minutes"}
    await execute(app, "UPDATE sessions SET created_at = :at", at=datetime.now(UTC) - timedelta(minutes=9))
    assert (await delete_account(client)).status_code == 204
    assert (await row_counts(app))["users"] == 0


async def test_account_writes_need_a_session(client: httpx.AsyncClient) -> None:
    assert (
        await change_password(client, current_password=PASSWORD, new_password=NEW_PASSWORD)
    ).status_code == 401
    assert (await delete_account(client, password=PASSWORD)).status_code == 401
