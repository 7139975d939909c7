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


# Not an operation of the API: a mail client that opens the List-Unsubscribe URL in a browser
# lands on the web app's page, which asks before it POSTs. A GET changes nothing (link scanners
# fetch every link of an email).
@router.get("", include_in_schema=False)
async def unsubscribe_page(token: Token, settings: SettingsDep) -> RedirectResponse:
    page = f"{settings.public_url.rstrip('/')}/#unsubscribe={quote(token, safe='')}"
    return RedirectResponse(page, status_code=303)
