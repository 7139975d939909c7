"""HTTP plumbing shared by every router: JSON rendering, error handlers, body parsing,
and the pure-ASGI middlewares (HEAD, body size limit, origin policy) that run on every request."""

import logging
from collections.abc import Awaitable, Callable, Collection, Coroutine, Mapping, MutableMapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import orjson
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse as StarletteJSONResponse
from fastapi.responses import Response
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import cookie_parser
from starlette.routing import BaseRoute, Match, Route

from tasktracker.errors import AppError, UnsupportedMediaType, ValidationFailed
from tasktracker.openapi import BASIC_SCHEME, FORM_TYPE, JSON_TYPE, UNSAFE_METHODS, accepts_scheme

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ModelT = TypeVar("ModelT", bound=BaseModel)


class JSONResponse(StarletteJSONResponse):
    """orjson-rendered JSON: one serialization pass, no model re-validation. A JSONResponse
    subclass, so FastAPI documents the routes' response models."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def error_body(message: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"message": message, "errors": errors} if errors else {"message": message}


def error_response(error: AppError) -> JSONResponse:
    return JSONResponse(
        error_body(error.message, [dict(e) for e in error.errors]),
        status_code=error.status_code,
        headers=error.headers,
    )


def _field_name(location: tuple[int | str, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_error(errors: list[Any]) -> ValidationFailed:
    """Pydantic errors → one readable sentence plus a per-field list for forms."""
    fields = []
    for error in errors:
        message = str(error.get("msg", "Invalid value")).removeprefix("Value error, ")
        if error.get("type") == "missing":
            message = "This field is required"
        elif error.get("type") == "extra_forbidden":
            message = "Unknown field"
        fields.append({"field": _field_name(tuple(error.get("loc", ()))), "message": message})
    if len(fields) == 1:
        only = fields[0]
        summary = only["message"] if only["field"] == "body" else f"{only['field']}: {only['message']}"
    else:
        summary = f"{len(fields)} fields are invalid"
    return ValidationFailed(summary, errors=fields)


async def parse_body(request: Request, model: type[ModelT], *, allow_form: bool) -> ModelT:
    """Read a JSON (or, where allowed, form-encoded) body into `model`."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    raw = await request.body()
    data: Any
    if content_type == JSON_TYPE or (not content_type and raw):
        try:
            data = orjson.loads(raw) if raw else None
        except orjson.JSONDecodeError as exc:
            raise ValidationFailed("The request body is not valid JSON") from exc
    elif allow_form and content_type == FORM_TYPE:
        # Strict UTF-8, in the body and in every percent-decoded value, and each field once:
        # repairing bytes or keeping one of two values would make different inputs the same.
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError as exc:
            raise ValidationFailed("The form body is not valid UTF-8") from exc
        data = {}
        for name, value in pairs:
            if name in data:
                raise ValidationFailed(
                    f"{name}: given more than once",
                    errors=[{"field": name, "message": "Given more than once"}],
                )
            data[name] = value
    else:
        accepted = f"{JSON_TYPE} or {FORM_TYPE}" if allow_form else JSON_TYPE
        raise UnsupportedMediaType(f"Unsupported content type; send {accepted}")
    if not isinstance(data, dict):
        raise ValidationFailed("The request body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(list(exc.errors())) from exc


def request_body(model: type[ModelT], *, allow_form: bool = False) -> Any:
    """A dependency reading the body into `model`. Declared before the others, it reads the whole
    body before any of them takes a database connection: a slow client then holds none."""

    async def read(request: Request) -> ModelT:
        return await parse_body(request, model, allow_form=allow_form)

    return Depends(read)


REALM = 'realm="Task Tracker"'


class RequestRoute(APIRoute):
    """A route whose endpoint reads its request itself (`parse_body`, the caller, the connection)
    and returns a Response: called with the request and the path's parameters as strings, past
    FastAPI's dependency solving, which for the hottest writes cost more than the work it did
    (docs/performance.md). The route is declared and documented like any other (`operation`
    gives its body and headers to the OpenAPI document)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        dependant = self.dependant
        solved = (
            dependant.dependencies,
            dependant.query_params,
            dependant.header_params,
            dependant.cookie_params,
            dependant.body_params,
        )
        if any(solved) or dependant.request_param_name != "request":
            raise TypeError(f"{endpoint.__name__}: a RequestRoute takes `request` and path parameters only")
        if any(param.field_info.annotation is not str for param in dependant.path_params):
            raise TypeError(f"{endpoint.__name__}: a RequestRoute's path parameters are strings")

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint = self.endpoint

        async def handle(request: Request) -> Response:
            response: Response = await endpoint(request=request, **request.path_params)
            return response

        return handle


def request_route(
    router: APIRouter, method: str, path: str, **options: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`@router.patch(path, ...)` for a RequestRoute."""

    def register(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        router.add_api_route(path, endpoint, methods=[method], route_class_override=RequestRoute, **options)
        return endpoint

    return register


def routes_first(app: FastAPI, *routers: APIRouter) -> list[BaseRoute]:
    """The routers' routes as the app's own, in this order and before every other route: for
    the few that carry most of the traffic. FastAPI (0.165) matches an included router's routes
    twice, once to choose the router and once the route; a router whose include would add
    nothing (no prefix, tags or dependencies of the include's own) loses nothing here. Returns
    the routes, for RequestRouteMiddleware."""
    routes = [route for router in routers for route in router.routes]
    app.router.routes[:0] = routes
    return routes


class RequestRouteMiddleware:
    """The innermost middleware: answers a request for a RequestRoute among `first_routes` (the
    app's first routes, see `routes_first`) itself, past Starlette's exception middleware,
    FastAPI's exit stacks, router and request wrappers, a sixth of a write's CPU for nothing a
    RequestRoute uses (docs/performance.md). The route is the one the router would choose (the
    first full match in the same order); an error is rendered by the app's handler for it, as
    the exception middleware would; any other request goes on to the router."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        first_routes: list[BaseRoute],
        exception_handlers: Mapping[Any, Callable[..., Any]],
    ) -> None:
        self.app = app
        # By method, the routes a request of that method may fully match, in order, up to the
        # first that is not a plain route (a mount: the router knows how it matches); only for
        # the methods of the RequestRoutes.
        plain: list[Route] = []
        for route in first_routes:
            if not isinstance(route, Route):
                break
            plain.append(route)
        hot_methods = {
            method for route in plain if isinstance(route, RequestRoute) for method in route.methods or ()
        }
        self.candidates = {
            method: [route for route in plain if route.methods is None or method in route.methods]
            for method in hot_methods
        }
        # The exception middleware's share of the handlers: Starlette gives the one for
        # Exception to its outermost middleware, and handlers by status to HTTPExceptions. The
        # app's are coroutine functions (install_error_handlers, install_observability).
        self.handlers: dict[type, Callable[[Request, Exception], Awaitable[Response]]] = {
            kind: handler
            for kind, handler in exception_handlers.items()
            if isinstance(kind, type) and kind is not Exception
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        candidates = self.candidates.get(scope["method"]) if scope["type"] == "http" else None
        route = self._full_match(scope, candidates) if candidates else None
        if not isinstance(route, RequestRoute):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive, send)
        try:
            response: Response = await route.endpoint(request=request, **scope["path_params"])
        except Exception as error:
            kind = next((kind for kind in type(error).__mro__ if kind in self.handlers), None)
            if kind is None:
                raise
            response = await self.handlers[kind](request, error)
        await response(scope, receive, send)

    def _full_match(self, scope: Scope, candidates: list[Route]) -> Route | None:
        """The first of the candidates the request fully matches (the route's own `matches`), with
        the scope updated as the router updates it; None when there is none."""
        for route in candidates:
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope.update(child_scope)
                return route
        return None


def authentication_challenges(request: Request) -> str:
    """`WWW-Authenticate` for a 401: Bearer always, and Basic where the operation accepts it,
    except to a web page's script (fetch or XHR), for which the browser would open its password
    dialog over the page."""
    bearer = f"Bearer {REALM}"
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        bearer += ', error="invalid_token"'
    from_script = request.headers.get("sec-fetch-mode", "navigate") != "navigate" or (
        "x-requested-with" in request.headers
    )
    if from_script or not accepts_scheme(request.scope.get("route"), BASIC_SCHEME):
        return bearer
    return f'{bearer}, Basic {REALM}, charset="UTF-8"'


# Allow lists methods in this order; any other method a route may add comes after them.
METHOD_RANK = {method: rank for rank, method in enumerate(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"))}


def allowed_methods(request: Request) -> str:
    """Every method of every route on the request's path (FastAPI has one route per method, and
    Starlette's 405 names only the first), with HEAD wherever GET is (see HeadMiddleware)."""
    methods: set[str] = set()
    exact: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        if route.methods and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods
            if "{" not in (route.path or "{") and getattr(route.original_route, "include_in_schema", True):
                exact |= route.methods
    # A fixed path (/tasks/parse) is a resource of its own, though /tasks/{task_id} matches it too:
    # its documented routes alone say what it allows.
    methods = exact or methods
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods, key=lambda method: (METHOD_RANK.get(method, len(METHOD_RANK)), method)))


def install_error_handlers(app: FastAPI) -> None:
    async def app_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppError)
        response = error_response(exc)
        if exc.status_code == 401 and "www-authenticate" not in response.headers:
            response.headers["WWW-Authenticate"] = authentication_challenges(request)
        return response

    async def request_validation(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(validation_error(list(exc.errors())))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        messages = {404: "Not found", 405: "Method not allowed"}
        message = messages.get(exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return JSONResponse(error_body(message), exc.status_code, headers=headers)

    app.add_exception_handler(AppError, app_error)
    app.add_exception_handler(RequestValidationError, request_validation)
    app.add_exception_handler(StarletteHTTPException, http_error)


async def _send_json(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    payload = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", JSON_TYPE.encode()),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


INTERNAL_ERROR = {"message": "Internal server error"}


class _BodyTooLarge(Exception):
    pass


class _TrackingSend:
    """`send`, remembering whether the response has started (after that, no error response)."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.response_started = False

    async def __call__(self, message: Message) -> None:
        self.response_started = self.response_started or message["type"] == "http.response.start"
        await self._send(message)


class UnexpectedErrorMiddleware:
    """The JSON 500 for any exception the handlers did not turn into a response, rendered inside
    the origin policy, so an allowed origin's script can read it. Starlette's own 500 is sent
    from its outermost middleware, where no CORS header would be added."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracking_send = _TrackingSend(send)
        try:
            await self.app(scope, receive, tracking_send)
        except _BodyTooLarge:
            raise  # BodyLimitMiddleware, outside, answers it with a 413
        except Exception:
            logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if tracking_send.response_started:
                raise
            await _send_json(send, 500, INTERNAL_ERROR, [])


class HeadMiddleware:
    """HEAD is GET without the body (RFC 9110): every GET route answers it, with the headers
    GET would send. The routes see a GET; the server still knows the request was a HEAD."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class BodyLimitMiddleware:
    """413 for bodies over the limit, by Content-Length up front or by counting a chunked body.
    `path_limits` give the paths that take files (POST /import) limits of their own."""

    def __init__(self, app: ASGIApp, max_bytes: int, path_limits: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path_limits = dict(path_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        max_bytes = self.path_limits.get(scope["path"], self.max_bytes)
        too_large = {"message": f"The request body is larger than {max_bytes} bytes"}
        declared = [value for name, value in scope["headers"] if name == b"content-length"]
        if declared and all(value.isdigit() for value in declared):
            if any(int(value) > max_bytes for value in declared):
                await _send_json(send, 413, too_large, [(b"connection", b"close")])
                return
            # The server reads exactly the declared length (and refuses a length with chunks).
            await self.app(scope, receive, send)
            return
        received = 0
        tracking_send = _TrackingSend(send)

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not tracking_send.response_started:
                await _send_json(send, 413, too_large, [(b"connection", b"close")])


FOREIGN_ORIGIN = {"message": "Requests from this origin are not allowed"}


class OriginPolicyMiddleware:
    """CORS for the configured origins (with credentials, never '*'), JSON errors for foreign
    preflights, and a 403 for unsafe requests from a foreign Origin, unless they carry their own
    credential (see `_self_authenticated`) or go to a path whose URL carries one (a signed link
    such as the digest's unsubscribe URL, which reads no cookie). Same-origin requests (this
    API's own `/docs`) are told apart by `Sec-Fetch-Site`, which no page can set."""

    def __init__(
        self,
        app: ASGIApp,
        allowed_origins: list[str],
        *,
        bearer_token_is_valid: Callable[[str], bool],
        session_cookies: Collection[str],
        signed_link_paths: Collection[str] = (),
        max_age: int = 600,
    ) -> None:
        self.app = app
        self.allowed = frozenset(allowed_origins)
        self.bearer_token_is_valid = bearer_token_is_valid
        self.session_cookies = frozenset(session_cookies)
        self.signed_link_paths = frozenset(signed_link_paths)
        self.max_age = str(max_age).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin_raw = next((value for name, value in scope["headers"] if name == b"origin"), None)
        if origin_raw is None:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        origin = origin_raw.decode("latin-1")
        allowed = origin in self.allowed
        method = scope["method"]
        if method == "OPTIONS" and b"access-control-request-method" in headers:
            await self._preflight(send, origin_raw, allowed)
            return
        same_origin = headers.get(b"sec-fetch-site") == b"same-origin"
        signed_link = scope["path"] in self.signed_link_paths
        if method in UNSAFE_METHODS and not (
            allowed or same_origin or signed_link or self._self_authenticated(scope)
        ):
            await _send_json(send, 403, FOREIGN_ORIGIN, [])
            return
        if not allowed:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"access-control-allow-origin", origin_raw),
                    (b"access-control-allow-credentials", b"true"),
                    (
                        b"access-control-expose-headers",
                        b"ETag, Link, Location, Retry-After, Content-Disposition",
                    ),
                    (b"vary", b"Origin"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _self_authenticated(self, scope: Scope) -> bool:
        """Whether the request is authenticated by what its sender put in it, not by what a
        browser adds on its own: a Bearer access token whose signature verifies (no database
        needed), and none of the session cookies, so no operation can fall back on them. Basic
        credentials do not count: a browser that was once given them sends them by itself."""
        authorization = b""
        cookies: dict[str, str] = {}
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"cookie":
                cookies.update(cookie_parser(value.decode("latin-1")))
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not self.bearer_token_is_valid(token.strip()):
            return False
        return self.session_cookies.isdisjoint(cookies)

    async def _preflight(self, send: Send, origin: bytes, allowed: bool) -> None:
        if not allowed:
            await _send_json(send, 403, FOREIGN_ORIGIN, [])
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [
                    (b"access-control-allow-origin", origin),
                    (b"access-control-allow-credentials", b"true"),
                    (b"access-control-allow-methods", b"GET, POST, PATCH, DELETE, OPTIONS"),
                    (b"access-control-allow-headers", b"Content-Type, If-Match, Authorization"),
                    (b"access-control-max-age", self.max_age),
                    (b"vary", b"Origin"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})
