"""HTTP details every route shares (tasktracker.web): HEAD, 405 with the path's methods, no
redirects, authentication challenges, the origin check's exemption for requests that carry
their own credential, and the routes that read their request themselves."""

import base64
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse

from tasktracker.auth.security import AccessClaims, issue_access_token
from tasktracker.errors import NotFound
from tasktracker.web import RequestRouteMiddleware, install_error_handlers, request_route, routes_first
from tests.conftest import ClientFactory, register

FOREIGN = {"Origin": "https://evil.example"}
PASSWORD = "correct horse battery"


def basic(email: str = "ada@example.com", password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()


async def documented_paths(client: httpx.AsyncClient) -> dict[str, Any]:
    paths: dict[str, Any] = (await client.get("/openapi.json")).json()["paths"]
    return paths


@pytest.mark.parametrize(
    "path", ["/health", "/openapi.json", "/docs", "/docs/swagger-ui.css", "/user", "/tasks"]
)
async def test_every_get_answers_head_with_its_headers_and_no_body(
    client: httpx.AsyncClient, path: str
) -> None:
    await register(client)
    get = await client.get(path)
    head = await client.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""
    for name in ("content-type", "content-length", "etag"):
        assert head.headers.get(name) == get.headers.get(name), name


async def test_head_of_a_path_without_get_is_405(client: httpx.AsyncClient) -> None:
    response = await client.head("/session")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST, DELETE"


async def test_every_405_lists_every_method_of_its_path(client: httpx.AsyncClient) -> None:
    paths = await documented_paths(client)
    assert len(paths) >= 6
    for path, item in paths.items():
        concrete = path.replace("{task_id}", "1")
        methods = [method.upper() for method in item]
        expected = {*methods, "HEAD"} if "GET" in methods else set(methods)
        for method in ("PUT", "TRACE", "OPTIONS", *({"GET", "POST", "PATCH", "DELETE"} - set(methods))):
            response = await client.request(method, concrete)
            assert response.status_code == 405, (method, path)
            assert set(response.headers["allow"].split(", ")) == expected, (method, path)
            assert response.json() == {"message": "Method not allowed"}


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/tasks/"), ("POST", "/user/"), ("DELETE", "/session/")]
)
async def test_a_trailing_slash_is_a_json_404_never_a_redirect_from_host(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path, headers={"Host": "evil.example"})
    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.json() == {"message": "Not found"}


async def test_a_401_challenges_for_bearer_and_for_basic_where_basic_is_accepted(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/user", "/tasks", "/tasks/1"):
        response = await client.get(path)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == (
            'Bearer realm="Task Tracker", Basic realm="Task Tracker", charset="UTF-8"'
        )
        assert response.json()["message"]
    wrong_password = await client.post("/session", json={"email": "nobody@example.com", "password": "guess"})
    assert wrong_password.status_code == 401
    assert wrong_password.headers["www-authenticate"] == 'Bearer realm="Task Tracker"'
    no_refresh_cookie = await client.post("/session/refresh")
    assert no_refresh_cookie.status_code == 401
    assert no_refresh_cookie.headers["www-authenticate"] == 'Bearer realm="Task Tracker"'


async def test_a_rejected_bearer_token_is_named_invalid(client: httpx.AsyncClient) -> None:
    response = await client.get("/tasks", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith(
        'Bearer realm="Task Tracker", error="invalid_token"'
    )


@pytest.mark.parametrize("header", [{"Sec-Fetch-Mode": "cors"}, {"X-Requested-With": "XMLHttpRequest"}])
async def test_no_basic_challenge_to_a_page_script(client: httpx.AsyncClient, header: dict[str, str]) -> None:
    # A Basic challenge would make the browser open its password dialog over the web app.
    response = await client.get("/user", headers=header)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="Task Tracker"'


async def test_a_cookie_request_from_a_foreign_origin_is_refused_whatever_authorization_says(
    client: httpx.AsyncClient,
) -> None:
    await register(client)
    own_token = client.cookies["access_token"]
    for authorization in ("Bearer junk", "Junk", f"Bearer {own_token}", basic()):
        headers = {**FOREIGN, "Authorization": authorization}
        refreshed = await client.post("/session/refresh", headers=headers)
        assert refreshed.status_code == 403, authorization
        assert refreshed.json()["message"]
        logged_out = await client.delete("/session", headers=headers)
        assert logged_out.status_code == 403, authorization
        created = await client.post("/tasks", json={"title": "forged"}, headers=headers)
        assert created.status_code == 403, authorization
    # Nothing happened: the session is the same, alive, and has no task.
    assert client.cookies["access_token"] == own_token
    assert (await client.get("/tasks")).json() == []


async def test_a_foreign_origin_may_send_only_a_valid_bearer_token_of_its_own(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    token = client.cookies["access_token"]
    script = make_client()  # no cookie jar of the user's
    created = await script.post(
        "/tasks", json={"title": "from a script"}, headers={**FOREIGN, "Authorization": f"Bearer {token}"}
    )
    assert created.status_code == 201
    forged = issue_access_token(
        AccessClaims(user_id=1, session_id="x"),
        secret="another-secret-" + "y" * 40,
        algorithm="HS256",
        now=datetime.now(UTC),
        ttl=timedelta(minutes=5),
    )
    for authorization in (f"Bearer {forged}", "Bearer junk", basic()):
        response = await script.post(
            "/tasks", json={"title": "no"}, headers={**FOREIGN, "Authorization": authorization}
        )
        # Basic is refused too: a browser that was once given the password sends it by itself.
        assert response.status_code == 403, authorization
    assert [task["title"] for task in (await client.get("/tasks")).json()] == ["from a script"]


async def test_the_apis_own_pages_may_use_the_cookies(client: httpx.AsyncClient) -> None:
    # /docs is served from the API's origin: its requests say so in Sec-Fetch-Site, which no page can set.
    same_origin = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    registered = await client.post(
        "/user", json={"email": "ada@example.com", "password": PASSWORD}, headers=same_origin
    )
    assert registered.status_code == 200
    created = await client.post("/tasks", json={"title": "from /docs"}, headers=same_origin)
    assert created.status_code == 201
    cross_site = await client.post(
        "/tasks", json={"title": "no"}, headers={**FOREIGN, "Sec-Fetch-Site": "cross-site"}
    )
    assert cross_site.status_code == 403


async def test_a_request_route_gets_the_request_and_its_path_parameters_as_strings() -> None:
    router = APIRouter(prefix="/things")

    @request_route(router, "PATCH", "/{thing_id}/{part}")
    async def change(thing_id: str, part: str, request: Request) -> Response:
        body = await request.body()
        return JSONResponse({"thing": thing_id, "part": part, "body": body.decode()}, status_code=202)

    app = FastAPI()
    app.include_router(router)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.patch("/things/007/lid", content=b"open")
        documented = (await client.get("/openapi.json")).json()["paths"]
    assert answer.status_code == 202
    assert answer.json() == {"thing": "007", "part": "lid", "body": "open"}
    assert "patch" in documented["/things/{thing_id}/{part}"]


async def test_routes_put_first_are_matched_in_their_order_before_the_apps_own_and_documented() -> None:
    special = APIRouter(prefix="/things", tags=["things"])
    general = APIRouter(prefix="/things", tags=["things"])

    @special.get("/new")
    async def new_thing() -> dict[str, str]:
        return {"route": "new"}

    @general.get("/{thing_id}")
    async def one_thing(thing_id: str) -> dict[str, str]:
        return {"route": "one", "id": thing_id}

    app = FastAPI()

    @app.get("/things/{thing_id}/owner")
    async def owner(thing_id: str) -> dict[str, str]:
        return {"route": "owner"}

    routes_first(app, special, general)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answers = [
            (await client.get(path)).json() for path in ("/things/new", "/things/7", "/things/7/owner")
        ]
        documented = (await client.get("/openapi.json")).json()["paths"]
    assert answers == [{"route": "new"}, {"route": "one", "id": "7"}, {"route": "owner"}]
    assert [getattr(route, "path", None) for route in app.routes[:2]] == ["/things/new", "/things/{thing_id}"]
    assert documented["/things/{thing_id}"]["get"]["tags"] == ["things"]
    assert set(documented) == {"/things/new", "/things/{thing_id}", "/things/{thing_id}/owner"}


async def test_request_routes_put_first_are_answered_by_their_middleware_as_the_router_would() -> None:
    router = APIRouter(prefix="/things")

    @router.patch("/special")
    async def special_thing() -> dict[str, str]:
        return {"route": "special"}

    @request_route(router, "PATCH", "/{thing_id}")
    async def change(thing_id: str, request: Request) -> Response:
        if thing_id == "missing":
            raise NotFound("No such thing")
        scope = request.scope
        # Answered here, past the router and FastAPI's request wrappers, which keep their exit stacks here.
        return JSONResponse(
            {"id": thing_id, "route": scope["route"].path, "wrapped": "fastapi_inner_astack" in scope}
        )

    app = FastAPI()
    install_error_handlers(app)
    first_routes = routes_first(app, router)
    app.add_middleware(
        RequestRouteMiddleware, first_routes=first_routes, exception_handlers=app.exception_handlers
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        changed = await client.patch("/things/7", content=b"{}")
        special = await client.patch("/things/special")
        missing = await client.patch("/things/missing")
        other_method = await client.post("/things/7")
    assert changed.json() == {"id": "7", "route": "/things/{thing_id}", "wrapped": False}
    # The first route in order that matches wins, as in the router, and is answered by it.
    assert special.json() == {"route": "special"}
    assert (missing.status_code, missing.json()) == (404, {"message": "No such thing"})
    assert other_method.status_code == 405
    assert other_method.headers["allow"] == "PATCH"


def test_a_request_route_refuses_an_endpoint_that_needs_fastapi_to_solve_its_parameters() -> None:
    router = APIRouter()

    async def with_query(request: Request, limit: int = 10) -> Response:
        return Response()

    async def with_number(thing_id: int, request: Request) -> Response:
        return Response()

    async def with_dependency(request: Request, settings: Annotated[str, Depends(lambda: "x")]) -> Response:
        return Response()

    async def without_request(thing_id: str) -> Response:
        return Response()

    for endpoint in (with_query, with_number, with_dependency, without_request):
        with pytest.raises(TypeError, match="RequestRoute"):
            request_route(router, "POST", "/{thing_id}")(endpoint)
