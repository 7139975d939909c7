from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Response

from tasktracker.access_tokens import service
from tasktracker.access_tokens.errors import AccessTokenNotFound
from tasktracker.access_tokens.schemas import AccessTokenCreate, AccessTokenOut, CreatedAccessToken
from tasktracker.auth.dependencies import SignedInUser
from tasktracker.dependencies import DbConn
from tasktracker.openapi import CALLER, operation
from tasktracker.web import JSONResponse, request_body

router = APIRouter(prefix="/user/tokens", tags=["access tokens"])

MAX_ID = 2**63 - 1  # BIGINT


def _token_id(raw: str) -> int:
    """Any path segment is an id to look up: one that cannot exist is simply not found (404)."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(MAX_ID)) or int(raw) > MAX_ID:
        raise AccessTokenNotFound
    return int(raw)


@router.get("", response_model=list[AccessTokenOut], **operation(auth=CALLER, errors=[403]))
async def list_tokens(user: SignedInUser, conn: DbConn) -> JSONResponse:
    """The caller's personal access tokens, newest first, expired ones included (their
    `expires_at` is past); never their secrets. Not to a personal access token (403)."""
    return JSONResponse(await service.list_tokens(conn, user.id))


@router.post(
    "",
    response_model=CreatedAccessToken,
    **operation(auth=CALLER, body=AccessTokenCreate, status_code=201),
)
async def create_token(
    body: Annotated[AccessTokenCreate, request_body(AccessTokenCreate)], user: SignedInUser, conn: DbConn
) -> JSONResponse:
    """A personal access token for scripts, with the scopes asked for, expiring after
    `expires_in_days`. The answer holds the secret, `token`, the only time it is ever shown: send
    it as `Authorization: Bearer <token>`. Not with a personal access token (403)."""
    token, secret = await service.create_token(conn, user.id, body, now=datetime.now(UTC))
    return JSONResponse({**token, "token": secret}, status_code=201)


@router.delete(
    "/{token_id}", response_class=Response, **operation(auth=CALLER, errors=[404], status_code=204)
)
async def revoke_token(token_id: str, user: SignedInUser, conn: DbConn) -> Response:
    """Revoke the token: its next request gets 401. Another user's token is not found (404)."""
    await service.revoke_token(conn, user.id, _token_id(token_id))
    return Response(status_code=204)
