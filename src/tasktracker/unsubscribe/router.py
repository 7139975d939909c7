from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse

from tasktracker.dependencies import DbConn, SettingsDep
from tasktracker.openapi import operation
from tasktracker.unsubscribe import service
from tasktracker.unsubscribe.schemas import Unsubscribed

router = APIRouter(prefix=service.UNSUBSCRIBE_PATH, tags=["user"])

Token = Annotated[str, Query(description="The token of the digest's unsubscribe link")]


@router.post("", response_model=Unsubscribed, **operation(errors=[400, 422]))
async def unsubscribe(token: Token, conn: DbConn, settings: SettingsDep) -> Unsubscribed:
    """Turn the nightly digest off without signing in: RFC 8058 one-click, the URL of every
    digest's `List-Unsubscribe`. Any origin may call it and no cookie is read: the token is the
    credential. A body (the `List-Unsubscribe=One-Click` form mail providers send) is not read.
    Idempotent; a token this server did not sign for unsubscribing is a 400."""
    await service.unsubscribe(conn, token, settings)
    return Unsubscribed()


@router.get(
    "",
    response_class=RedirectResponse,
    **operation(
        errors=[422],
        status_code=303,
        headers={"Location": "The web app's unsubscribe page, `PUBLIC_URL/#unsubscribe=<token>`"},
    ),
)
async def unsubscribe_page(token: Token, settings: SettingsDep) -> RedirectResponse:
    """To the web app's page that asks before it turns the digest off: where a mail client that
    opens the `List-Unsubscribe` URL in a browser lands. Changes nothing (link scanners fetch
    every link of an email); the token is not checked until the page POSTs it."""
    page = f"{settings.public_url.rstrip('/')}/#unsubscribe={quote(token, safe='')}"
    return RedirectResponse(page, status_code=303)
