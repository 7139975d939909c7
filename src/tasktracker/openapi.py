"""The OpenAPI description as a contract, in one place: the error schema, the security schemes,
the per-operation helper the routers' decorators use, and the offline interactive page (`/docs`).

Each operation declares what it reads (`Authentication`), its body and the errors of its own
domain; what every operation of a kind can answer is added here, so no router repeats it:
401 (and 429 where Basic is accepted) for authenticated operations, 413/415/422 for bodies,
403 and 413 for every unsafe method (the origin policy and the body limit run before routing),
503 for all of them (they all need the database).
"""

import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, Field
from starlette.routing import BaseRoute

from tasktracker.auth.dependencies import ACCESS_COOKIE, REFRESH_COOKIE
from tasktracker.errors import NotFound
from tasktracker.json_schema import without_null

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"


class FieldError(BaseModel):
    field: str = Field(description="The field, dotted when nested; `body` for the body as a whole")
    message: str


class ErrorBody(BaseModel):
    """Every error the API answers, whatever its status."""

    message: str = Field(description="One sentence for people")
    errors: list[FieldError] = Field(
        default_factory=list, description="Each invalid field, when the input was refused (422)"
    )


ACCESS_COOKIE_SCHEME = "accessCookie"
REFRESH_COOKIE_SCHEME = "refreshCookie"
BEARER_SCHEME = "bearerToken"
BASIC_SCHEME = "basicAuth"

SECURITY_SCHEMES: dict[str, dict[str, str]] = {
    ACCESS_COOKIE_SCHEME: {
        "type": "apiKey",
        "in": "cookie",
        "name": ACCESS_COOKIE,
        "description": "Set by `POST /session` and `POST /user` (the web app's way; this page's "
        "too once you have logged in with *Try it out*).",
    },
    REFRESH_COOKIE_SCHEME: {
        "type": "apiKey",
        "in": "cookie",
        "name": REFRESH_COOKIE,
        "description": "Set with the access cookie; only `/session` reads it.",
    },
    BEARER_SCHEME: {
        "type": "http",
        "scheme": "bearer",
        "description": "For scripts, and for *Authorize* on this page: a personal access token "
        "(`ttp_…`, made in the web app's settings or with `POST /user/tokens`; its scopes "
        "`tasks:read` and `tasks:write` decide which task operations it may call, and it cannot "
        "manage the account), or a session's access token (the JWT in the `access_token` cookie).",
    },
    BASIC_SCHEME: {
        "type": "http",
        "scheme": "basic",
        "description": "Email and password with every request, for scripts; failures count "
        "towards the login limits.",
    },
}


@dataclass(frozen=True, slots=True)
class Authentication:
    """The credentials an operation reads: any one of `schemes` identifies the caller."""

    schemes: tuple[str, ...]
    required: bool = True

    def security(self) -> list[dict[str, list[str]]]:
        alternatives: list[dict[str, list[str]]] = [{scheme: []} for scheme in self.schemes]
        return alternatives if self.required else [*alternatives, {}]


# The caller of every task and user operation: a header credential, when sent, is the only one read.
CALLER = Authentication((ACCESS_COOKIE_SCHEME, BEARER_SCHEME, BASIC_SCHEME))
REFRESH_TOKEN = Authentication((REFRESH_COOKIE_SCHEME,))
# Logging out ends whichever session the request names, and succeeds when it names none.
ANY_SESSION = Authentication((ACCESS_COOKIE_SCHEME, BEARER_SCHEME, REFRESH_COOKIE_SCHEME), required=False)

RETRY_AFTER = {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}
WWW_AUTHENTICATE = {
    "description": "The accepted schemes: `Bearer`, and `Basic` where it is accepted (not to "
    "scripts of a web page, where it would open the browser's password dialog)",
    "schema": {"type": "string"},
    "required": True,
}

ERROR_DESCRIPTIONS = {
    400: "The password reset token is unknown, used or expired, or the unsubscribe token is not "
    "one this server signed",
    401: "Not authenticated: no credentials, or wrong or expired ones",
    403: "An unsafe request from a foreign origin that does not carry its own Bearer token; a "
    "personal access token without the scope the operation needs, or where tokens are not accepted; "
    "or the password confirming an account change is wrong (or, without one, the sign-in is not recent)",
    404: "Not found (a task of another user is not found either)",
    409: "Conflicts with what exists (the email is taken)",
    412: "`If-Match` does not name the current version",
    413: "The request body is larger than the limit (`MAX_BODY_BYTES`)",
    415: "The body is in a media type this operation does not read",
    422: "The input is invalid; `errors` names each field",
    429: "Too many failed logins, or password reset requests, from this address or for this account",
    503: "The database is unavailable",
}
ERROR_HEADERS: dict[int, dict[str, dict[str, Any]]] = {
    401: {"WWW-Authenticate": WWW_AUTHENTICATE},
    429: {"Retry-After": {**RETRY_AFTER, "required": True}},
    503: {"Retry-After": RETRY_AFTER},
}


# Request body components: name -> (model, form-encoded?). Their schemas are made with the
# description (see _complete), not at import: some take a while (tasktracker.json_schema).
_request_components: dict[str, tuple[type[BaseModel], bool]] = {}


def _request_body(model: type[BaseModel], *, form: bool) -> dict[str, Any]:
    """The requestBody of an operation reading `model` as JSON and, with `form`, form-encoded."""
    content = {}
    for media_type, as_form in [(JSON_TYPE, False), *([(FORM_TYPE, True)] if form else [])]:
        name = model.__name__ + ("Form" if as_form else "")
        _request_components[name] = (model, as_form)
        content[media_type] = {"schema": _reference(name)}
    return {"required": True, "content": content}


def _reference(component: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{component}"}


def _request_schemas() -> dict[str, dict[str, Any]]:
    """Each request body's schema. A body names every field it may carry (any other is ignored
    or refused); a form has no null (a field is left out instead)."""
    schemas: dict[str, dict[str, Any]] = {}
    for name, (model, as_form) in _request_components.items():
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schema["additionalProperties"] = False
        if as_form:
            for field in schema["properties"].values():
                without_null(field)
        schemas[name] = schema
    return schemas


def operation(
    *,
    auth: Authentication | None = None,
    body: type[BaseModel] | None = None,
    form: bool = False,
    errors: Iterable[int] = (),
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    request_headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Keyword arguments for a route decorator: status, documented responses and, in
    `openapi_extra`, the request body, optional request headers (for a route that reads them
    itself) and security. `headers` are the success response's."""
    statuses = {*errors, 503}
    openapi_extra: dict[str, Any] = {}
    if auth is not None:
        openapi_extra["security"] = auth.security()
        if auth.required:
            statuses.add(401)
        if BASIC_SCHEME in auth.schemes:
            statuses.add(429)
    if body is not None:
        openapi_extra["requestBody"] = _request_body(body, form=form)
        statuses |= {413, 415, 422}
    if request_headers:
        openapi_extra["parameters"] = [
            {"name": name, "in": "header", "description": text, "schema": {"type": "string"}}
            for name, text in request_headers.items()
        ]
    responses: dict[int | str, dict[str, Any]] = {
        status: _error_response(status) for status in sorted(statuses)
    }
    if headers:
        string = {"type": "string"}
        described = {name: {"description": text, "schema": string} for name, text in headers.items()}
        responses[status_code] = {"headers": described}
    return {"status_code": status_code, "responses": responses, "openapi_extra": openapi_extra}


def _error_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {"model": ErrorBody, "description": ERROR_DESCRIPTIONS[status]}
    if status in ERROR_HEADERS:
        response["headers"] = ERROR_HEADERS[status]
    return response


def accepts_scheme(route: BaseRoute | None, scheme: str) -> bool:
    """Whether the operation `route` serves declares `scheme` among its credentials."""
    extra = getattr(route, "openapi_extra", None) or {}
    return any(scheme in alternative for alternative in extra.get("security", ()))


def _complete(schema: dict[str, Any]) -> None:
    """What no single route declares: the security schemes, and the answers of the middlewares
    that run before routing. FastAPI's own 422 (`{"detail"}`) is never what this API sends."""
    components = schema.setdefault("components", {})
    components["securitySchemes"] = SECURITY_SCHEMES
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.update(_request_schemas())
    for item in schema["paths"].values():
        for method, spec in item.items():
            responses = spec["responses"]
            if _schema_of(responses.get("422", {})) == _reference("HTTPValidationError"):
                del responses["422"]
            if method.upper() in UNSAFE_METHODS:
                for status in (403, 413):
                    responses.setdefault(str(status), _error_reference(status))


def _schema_of(response: dict[str, Any]) -> Any:
    return response.get("content", {}).get(JSON_TYPE, {}).get("schema")


def _error_reference(status: int) -> dict[str, Any]:
    return {
        "description": ERROR_DESCRIPTIONS[status],
        "content": {JSON_TYPE: {"schema": _reference(ErrorBody.__name__)}},
    }


def _swagger_ui_assets() -> Path:
    # Located without importing the package: only its static files are used.
    spec = importlib.util.find_spec("swagger_ui")
    assert spec is not None and spec.submodule_search_locations is not None
    return Path(next(iter(spec.submodule_search_locations))) / "static"


DOCS_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")


def install(app: FastAPI) -> None:
    """The completed description at `app.openapi_url`, and `/docs` from the pinned Swagger UI of
    the `swagger-ui-py` package: nothing is loaded from the internet."""
    assert app.openapi_url is not None

    def contract() -> dict[str, Any]:
        if app.openapi_schema is None:
            _complete(FastAPI.openapi(app))
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = contract  # type: ignore[method-assign]
    assets = _swagger_ui_assets()
    openapi_url = app.openapi_url

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    async def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - interactive documentation",
            swagger_js_url=f"{root}/docs/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/docs/swagger-ui.css",
            swagger_favicon_url=f"{root}/docs/favicon-32x32.png",
            swagger_ui_parameters={"persistAuthorization": True},
        )

    @app.get("/docs/{asset}", include_in_schema=False, response_class=FileResponse)
    async def docs_asset(asset: str) -> FileResponse:
        if asset not in DOCS_ASSETS:
            raise NotFound
        return FileResponse(assets / asset)
