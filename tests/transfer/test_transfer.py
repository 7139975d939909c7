"""GET /export and POST /import: the JSON round trip, the CSV, Todoist's CSV, and bad files."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tests.conftest import ClientFactory, register

FIXTURE = Path(__file__).parent / "fixtures" / "todoist.csv"


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    return client


async def other_user(make_client: ClientFactory, email: str = "bob@example.com") -> httpx.AsyncClient:
    http = make_client()
    await register(http, email)
    return http


def document(lists: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "tasktracker", "version": 1, "lists": lists, "tasks": tasks}


# A file as an export writes it, with every field a task and a list can have.
SAMPLE = document(
    [
        {"id": 7, "name": "Home", "color": "#2e86de", "position": "a"},
        {"id": 3, "name": "Работа", "color": None, "position": "b"},
    ],
    [
        {
            "list_id": 3,
            "title": "Weekly report",
            "description": "Numbers\nand words",
            "done": False,
            "done_at": None,
            "created_at": "2026-01-05T09:00:00+00:00",
            "due_date": "2026-12-07",
            "due_time": "10:30",
            "recurrence": "FREQ=WEEKLY;BYDAY=MO",
            "remind_at": "2026-12-07T07:00:00+00:00",
            "checklist": [
                {"id": "a1", "text": "Collect numbers", "done": True},
                {"id": "a2", "text": "Write it", "done": False},
            ],
            "position": "m",
        },
        {"list_id": None, "title": "Inbox thing", "created_at": "2026-02-01T00:00:00+00:00", "position": "n"},
        {
            "list_id": 7,
            "title": "Fix the tap",
            "done": True,
            "done_at": "2026-03-01T12:00:00+00:00",
            "created_at": "2026-02-20T08:00:00+00:00",
            "due_date": "2026-03-01",
            "position": "o",
        },
        {
            "list_id": 7,
            "title": "Water plants",
            "due_date": "2026-12-02",
            "recurrence": "FREQ=DAILY;INTERVAL=3;X-AFTER=COMPLETION",
            "created_at": "2026-02-21T08:00:00+00:00",
            "position": "p",
        },
    ],
)


async def upload(
    http: httpx.AsyncClient, content: bytes, name: str = "file", filename: str = "export"
) -> httpx.Response:
    return await http.post("/import", files={name: (filename, content, "application/octet-stream")})


async def export_json(http: httpx.AsyncClient) -> dict[str, Any]:
    response = await http.get("/export", params={"format": "json"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def comparable(exported: dict[str, Any]) -> dict[str, Any]:
    """The export without what must differ between accounts: ids (lists referred to by name),
    position keys (their order is the array's), the export's instant."""
    names = {item["id"]: item["name"] for item in exported["lists"]}
    return {
        "lists": [{"name": item["name"], "color": item["color"]} for item in exported["lists"]],
        "tasks": [
            {
                **{key: value for key, value in task.items() if key not in ("list_id", "position")},
                "list": names.get(task["list_id"]),
            }
            for task in exported["tasks"]
        ],
    }


async def test_json_round_trip_into_a_new_account_is_lossless(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    imported = await upload(user, orjson.dumps(SAMPLE))
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"created": 4, "lists_created": 2, "skipped": 0, "errors": []}
    first = await export_json(user)
    assert first["format"] == "tasktracker" and first["version"] == 1
    assert [item["name"] for item in first["lists"]] == ["Home", "Работа"]
    titles = [task["title"] for task in first["tasks"]]
    assert titles == ["Weekly report", "Inbox thing", "Fix the tap", "Water plants"]  # the file's order
    report = first["tasks"][0]
    assert report["due_date"] == "2026-12-07" and report["due_time"] == "10:30"
    assert report["recurrence"] == "FREQ=WEEKLY;BYDAY=MO"
    assert report["created_at"].startswith("2026-01-05T09:00:00")
    assert datetime.fromisoformat(report["remind_at"]) == datetime(2026, 12, 7, 7, tzinfo=UTC)
    assert report["checklist"] == SAMPLE["tasks"][0]["checklist"]
    assert datetime.fromisoformat(first["tasks"][2]["done_at"]) == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert first["tasks"][3]["recurrence"] == "FREQ=DAILY;INTERVAL=3;X-AFTER=COMPLETION"
    assert comparable(first)["tasks"][0]["list"] == "Работа"

    newcomer = await other_user(make_client)
    again = await upload(newcomer, orjson.dumps(first))
    assert again.status_code == 200, again.text
    assert again.json()["created"] == 4
    second = await export_json(newcomer)
    assert comparable(second) == comparable(first)
    # The tasks API sees the same order (positions keep the file's).
    listed = (await newcomer.get("/tasks", params={"done": "false"})).json()
    assert [task["title"] for task in listed] == ["Weekly report", "Inbox thing", "Water plants"]


async def test_an_import_adds_after_existing_tasks_and_reuses_lists_by_name(user: httpx.AsyncClient) -> None:
    assert (await user.post("/tasks", json={"title": "Already here"})).status_code == 201
    assert (await upload(user, orjson.dumps(SAMPLE))).status_code == 200
    second = await upload(user, orjson.dumps(SAMPLE))
    assert second.json()["lists_created"] == 0
    exported = await export_json(user)
    assert [item["name"] for item in exported["lists"]] == ["Home", "Работа"]
    open_titles = [task["title"] for task in (await user.get("/tasks", params={"done": "false"})).json()]
    assert open_titles == ["Already here", *["Weekly report", "Inbox thing", "Water plants"] * 2]


async def test_export_json_shape_and_download_headers(user: httpx.AsyncClient) -> None:
    created = (await user.post("/tasks", json={"title": "Plain", "due_date": "2026-12-24"})).json()
    await user.patch(
        f"/tasks/{created['id']}", json={"done": True, "checklist": [{"id": "a", "text": "Wrap"}]}
    )
    response = await user.get("/export")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="tasktracker-') and disposition.endswith('.json"')
    date.fromisoformat(disposition.removeprefix('attachment; filename="tasktracker-').removesuffix('.json"'))
    body = response.json()
    assert set(body) == {"format", "version", "exported_at", "lists", "tasks"}
    assert body["lists"] == []
    (task,) = body["tasks"]
    assert set(task) == {
        "list_id",
        "title",
        "description",
        "done",
        "done_at",
        "created_at",
        "due_date",
        "due_time",
        "recurrence",
        "remind_at",
        "checklist",
        "position",
    }
    assert task["done"] is True and task["done_at"] is not None and task["list_id"] is None
    assert task["checklist"] == [{"id": "a", "text": "Wrap", "done": False}]  # saved without `done`
    csv_text = (await user.get("/export", params={"format": "csv"})).content.decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(csv_text)))["checklist"] == "[ ] Wrap"


async def test_export_csv_has_a_readable_row_per_task(user: httpx.AsyncClient) -> None:
    assert (await upload(user, orjson.dumps(SAMPLE))).status_code == 200
    assert (await user.post("/tasks", json={"title": "=SUM(A1:A2)"})).status_code == 201
    response = await user.get("/export", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].endswith('.csv"')
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == [
        "Weekly report",
        "Inbox thing",
        "Fix the tap",
        "Water plants",
        "'=SUM(A1:A2)",  # not run as a formula by a spreadsheet
    ]
    report = rows[0]
    assert report["list"] == "Работа"
    assert report["due_date"] == "2026-12-07" and report["due_time"] == "10:30"
    assert report["recurrence"] == "FREQ=WEEKLY;BYDAY=MO"
    assert report["checklist"] == "[x] Collect numbers\n[ ] Write it"
    assert report["description"] == "Numbers\nand words"
    assert report["done"] == "no" and rows[2]["done"] == "yes"
    assert rows[1]["list"] == ""
    assert datetime.fromisoformat(rows[2]["done_at"]) == datetime(2026, 3, 1, 12, tzinfo=UTC)


async def test_another_users_data_is_never_exported(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    assert (await upload(user, orjson.dumps(SAMPLE))).status_code == 200
    stranger = await other_user(make_client)
    assert (await stranger.post("/tasks", json={"title": "Mine only"})).status_code == 201
    exported = await export_json(stranger)
    assert exported["lists"] == [] and [task["title"] for task in exported["tasks"]] == ["Mine only"]
    csv_text = (await stranger.get("/export", params={"format": "csv"})).text
    assert "Weekly report" not in csv_text and "Mine only" in csv_text
    assert "Mine only" not in str(await export_json(user))


async def test_the_trash_is_not_exported(user: httpx.AsyncClient, app: Any) -> None:
    for title in ("Kept", "Trashed"):
        assert (await user.post("/tasks", json={"title": title})).status_code == 201
    async with app.state.database.connection() as conn:
        await conn.execute(
            "UPDATE tasks SET deleted_at = :now WHERE title = 'Trashed'", now=datetime.now(UTC)
        )
    assert [task["title"] for task in (await export_json(user))["tasks"]] == ["Kept"]


async def test_a_raw_json_body_imports_too(user: httpx.AsyncClient) -> None:
    response = await user.post(
        "/import", content=orjson.dumps(SAMPLE), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 4


async def test_a_raw_csv_body_imports_too(user: httpx.AsyncClient) -> None:
    response = await user.post("/import", content=FIXTURE.read_bytes(), headers={"Content-Type": "text/csv"})
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 7


async def test_an_invalid_task_refuses_the_whole_file(user: httpx.AsyncClient) -> None:
    bad = document([], [{"title": "Fine"}, {"title": "x" * 201}, {"title": "Time", "due_time": "10:00"}])
    response = await upload(user, orjson.dumps(bad))
    assert response.status_code == 422
    body = response.json()
    assert body["message"].startswith("The file cannot be imported")
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"tasks.1.title", "tasks.2"}
    assert (await export_json(user))["tasks"] == []  # all or nothing


async def test_a_task_in_an_unknown_list_is_refused(user: httpx.AsyncClient) -> None:
    response = await upload(user, orjson.dumps(document([], [{"title": "Lost", "list_id": 5}])))
    assert response.status_code == 422
    assert "no list of the file has the id 5" in response.json()["message"]


async def test_a_past_reminder_is_not_sent_again(user: httpx.AsyncClient, app: Any) -> None:
    past = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    tasks = [{"title": "Old", "remind_at": past}, {"title": "New", "remind_at": future}]
    assert (await upload(user, orjson.dumps(document([], tasks)))).status_code == 200
    async with app.state.database.connection() as conn:
        rows = await conn.fetch("SELECT title, reminder_sent_at FROM tasks ORDER BY position")
    assert [(row["title"], row["reminder_sent_at"] is not None) for row in rows] == [
        ("Old", True),
        ("New", False),
    ]


async def test_todoist_csv_becomes_lists_tasks_and_checklists(user: httpx.AsyncClient) -> None:
    response = await upload(user, FIXTURE.read_bytes(), filename="Todoist.csv")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["created"] == 7
    assert report["lists_created"] == 2
    assert report["skipped"] == 5
    errors = {error["line"]: error["message"] for error in report["errors"]}
    assert errors[2] == "A Todoist view setting, not a task"
    assert "not kept" in errors[3]  # priority 1
    assert "checklist item" in errors[10]  # Mop the floor's own date
    assert "Priority 2" in errors[11]
    assert "Priority 3" in errors[18]
    assert "was not understood" in errors[19]
    assert errors[20].startswith("Malformed row")
    assert "Unknown TYPE 'reminder'" in errors[21]
    assert errors[22] == "A task without a name"
    assert "at most 200 characters" in errors[23]
    assert sorted(errors) == [2, 3, 10, 11, 18, 19, 20, 21, 22, 23]

    exported = await export_json(user)
    assert [item["name"] for item in exported["lists"]] == ["Home", "Работа"]
    lists = {item["id"]: item["name"] for item in exported["lists"]}
    tasks = {task["title"]: task for task in exported["tasks"]}
    assert list(tasks) == [
        "Renew passport",
        "Water the plants",
        "Clean the kitchen @home",
        "Pay rent",
        "Позвонить клиенту",
        "Send the report",
        "Plan the offsite",
    ]
    passport = tasks["Renew passport"]
    assert passport["list_id"] is None
    assert passport["due_date"] == "2026-12-15" and passport["due_time"] is None
    assert passport["description"] == "Photos first\n\nThe office opens at 9"
    plants = tasks["Water the plants"]
    assert plants["recurrence"] == "FREQ=WEEKLY;BYDAY=MO"
    assert date.fromisoformat(plants["due_date"]).weekday() == 0
    kitchen = tasks["Clean the kitchen @home"]
    assert lists[kitchen["list_id"]] == "Home"
    assert [item["text"] for item in kitchen["checklist"]] == ["Wipe the counters", "Mop the floor"]
    assert kitchen["due_date"] is None
    rent = tasks["Pay rent"]
    assert rent["recurrence"] == "FREQ=MONTHLY;BYMONTHDAY=1"
    assert date.fromisoformat(rent["due_date"]).day == 1
    assert rent["description"] == (
        "Transfer to the landlord\nReference: flat 4\n\nAsk about the new contract\n\n"
        'Landlord\'s email: "anna@example.com"'
    )
    call = tasks["Позвонить клиенту"]
    assert lists[call["list_id"]] == "Работа" and call["recurrence"] == "FREQ=WEEKLY;BYDAY=MO"
    assert tasks["Send the report"]["due_date"] == "2026-12-20"
    assert tasks["Send the report"]["due_time"] == "14:30"
    assert tasks["Plan the offsite"]["due_date"] is None


async def test_a_todoist_file_with_only_broken_rows_creates_nothing(user: httpx.AsyncClient) -> None:
    content = b"TYPE,CONTENT,PRIORITY\nnote,orphan comment,\ntask,,4\n"
    report = (await upload(user, content)).json()
    assert report == {
        "created": 0,
        "lists_created": 0,
        "skipped": 2,
        "errors": [
            {"line": 2, "message": "A comment with no task above it"},
            {"line": 3, "message": "A task without a name"},
        ],
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "neither a Task Tracker JSON export nor a Todoist CSV export"),
        (b"name,date\nmilk,today\n", "neither a Task Tracker JSON export nor a Todoist CSV export"),
        ("TYPE,CONTENT\ntask,Caf\u00e9\n".encode("latin-1"), "not UTF-8"),
        (b'{"tasks": []}', "not a Task Tracker export"),
        (b'{"format": "tasktracker", "version": 2}', "version"),
        (b"{not json", "not valid JSON"),
    ],
)
async def test_files_of_no_known_format_are_refused(
    user: httpx.AsyncClient, content: bytes, message: str
) -> None:
    response = await upload(user, content)
    assert response.status_code == 422
    assert message in response.json()["message"]


async def test_limits_on_size_and_task_count(user: httpx.AsyncClient) -> None:
    too_big = b"TYPE,CONTENT\n" + b"task,x\n" * (5 * 1024 * 1024 // 7 + 1)
    response = await upload(user, too_big)
    assert response.status_code == 413
    assert "larger than" in response.json()["message"]
    many = document([], [{"title": f"t{index}"} for index in range(5001)])
    response = await upload(user, orjson.dumps(many))
    assert response.status_code == 422
    assert "at most 5000" in response.json()["message"]
    rows = b"TYPE,CONTENT\n" + b"task,x\n" * 5001
    response = await upload(user, rows)
    assert response.status_code == 422
    assert "more than 5000 tasks" in response.json()["message"]
    sections = b"TYPE,CONTENT\n" + b"".join(b"section,s%d\n" % index for index in range(201))
    response = await upload(user, sections)
    assert response.status_code == 422
    assert "more than 200 sections" in response.json()["message"]
    assert (await export_json(user))["lists"] == []


async def test_the_form_needs_its_file_field_and_bodies_their_type(user: httpx.AsyncClient) -> None:
    response = await upload(user, b"TYPE,CONTENT\n", name="document")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "file", "message": "This field is required"}]
    response = await user.post("/import", content=b"<xml/>", headers={"Content-Type": "application/xml"})
    assert response.status_code == 415


async def test_personal_access_tokens_need_the_task_scopes(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    created = await user.post(
        "/user/tokens", json={"name": "backup", "scopes": ["tasks:read"], "expires_in_days": 30}
    )
    assert created.status_code == 201, created.text
    script = make_client()
    script.headers["Authorization"] = f"Bearer {created.json()['token']}"
    assert (await script.get("/export")).status_code == 200
    refused = await script.post(
        "/import", content=orjson.dumps(SAMPLE), headers={"Content-Type": "application/json"}
    )
    assert refused.status_code == 403


async def test_export_and_import_need_a_caller(client: httpx.AsyncClient) -> None:
    assert (await client.get("/export")).status_code == 401
    assert (await upload(client, orjson.dumps(SAMPLE))).status_code == 401
