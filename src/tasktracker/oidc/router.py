import logging
import secrets
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response
from fastapi.responses import RedirectResponse

from tasktracker.auth import service as auth_service
from tasktracker.auth.cookies import set_session_cookies
from tasktracker.auth.dependencies import ACCESS_COOKIE, CurrentUser, client_ip
from tasktracker.dependencies import DbConn, RequestDb, SettingsDep
from tasktracker.errors import NotAuthenticated
from tasktracker.notifications.publisher import publish_outbox
from tasktracker.oidc import flow, service
from tasktracker.oidc.client import OidcClients
from tasktracker.oidc.errors import SignInFailed, SignInFailure
from tasktracker.oidc.schemas import IdentityOut, ProviderOut
from tasktracker.openapi import CALLER, operation
from tasktracker.timezones import zone_or_none

log = logging.getLogger(__name__)

router = APIRouter(prefix="/auth", tags=["session"])
identities_router = APIRouter(prefix="/user/identities", tags=["user"])

REDIRECT = {"Location": "Where the browser goes next: the provider, or the web app"}


async def _oidc_clients(request: Request) -> OidcClients:
    clients: OidcClients = request.app.state.oidc
    return clients


Oidc = Annotated[OidcClients, Depends(_oidc_clients)]


def _callback_url(request: Request, settings: SettingsDep, provider_id: str) -> str:
    base = settings.public_api_url if settings.api_url.strip() else str(request.base_url).rstrip("/")
    return f"{base}/auth/oidc/{provider_id}/callback"


@router.get("/providers", response_model=list[ProviderOut], **operation())
async def providers(oidc: Oidc) -> list[ProviderOut]:
    """The external OpenID Connect providers one can sign in with (none configured: empty)."""
    return [ProviderOut(id=provider.id, name=provider.name) for provider in oidc.providers]


@router.get(
    "/oidc/{provider_id}/login",
    response_class=Response,
    # 422 only for a `link` that is no boolean: the web app never sends one.
    **operation(status_code=302, headers=REDIRECT, errors=[422]),
)
async def log_in_with_provider(
    provider_id: str,
    request: Request,
    database: RequestDb,
    settings: SettingsDep,
    oidc: Oidc,
    next: str = "/",
    link: bool = False,
    timezone: str = "",
) -> Response:
    """Start signing in with the provider (authorization code flow with PKCE S256, state and
    nonce): a redirect to it. With `link`, the signed-in caller links it to their account
    instead. `next` is the path of the web app to land on afterwards; `timezone` (an IANA name,
    else ignored) is a new account's. A failure redirects to the web app with
    `#signin-error=<code>`."""
    provider = oidc.provider(provider_id)
    landing = flow.web_app_path(next)
    link_user_id = None
    if link:
        token = request.cookies.get(ACCESS_COOKIE)
        if not token:
            raise SignInFailed(SignInFailure.NOT_SIGNED_IN)
        try:
            async with database.connection() as conn:
                user = await auth_service.authenticate_access_token(
                    conn, token, settings=settings, now=datetime.now(UTC)
                )
        except NotAuthenticated as exc:
            raise SignInFailed(SignInFailure.NOT_SIGNED_IN) from exc
        link_user_id = user.id
    redirect_uri = _callback_url(request, settings, provider.id)
    authorization = await oidc.authorization_request(provider, redirect_uri)
    response = RedirectResponse(authorization.url, status_code=302)
    pending = flow.PendingSignIn(
        provider=provider.id,
        state=authorization.state,
        nonce=authorization.nonce,
        code_verifier=authorization.code_verifier,
        redirect_uri=redirect_uri,
        next=landing,
        link_user_id=link_user_id,
        timezone=timezone if zone_or_none(timezone) else None,
    )
    flow.remember(response, pending, settings)
    return response


@router.get(
    "/oidc/{provider_id}/callback",
    response_class=Response,
    **operation(status_code=302, headers=REDIRECT),
)
async def provider_callback(
    provider_id: str,
    request: Request,
    conn: DbConn,
    settings: SettingsDep,
    oidc: Oidc,
    background_tasks: BackgroundTasks,
) -> Response:
    """Where the provider sends the browser back: on success, a redirect to the web app with
    the session cookies set exactly as `POST /session` sets them (or, when linking, the
    identity linked); on failure or cancellation, to the web app with `#signin-error=<code>`."""
    pending = flow.recall(request, settings)
    query = request.query_params
    if pending.provider != provider_id or not secrets.compare_digest(
        query.get("state", "").encode(), pending.state.encode()
    ):
        raise SignInFailed(SignInFailure.INVALID_STATE, "the state is not the one this browser sent")
    provider = oidc.provider(provider_id)
    # RFC 9207: a provider that names itself must be the one the browser was sent to (mix-up).
    if (issuer := query.get("iss")) is not None and issuer != provider.issuer:
        raise SignInFailed(SignInFailure.PROVIDER_ERROR, f"the response names issuer {issuer!r}")
    if error := query.get("error"):
        failure = SignInFailure.CANCELLED if error == "access_denied" else SignInFailure.PROVIDER_ERROR
        raise SignInFailed(failure, f"{error}: {query.get('error_description', '')}")
    code = query.get("code")
    if not code:
        raise SignInFailed(SignInFailure.PROVIDER_ERROR, "the callback carries no code")
    identity = await oidc.identify(
        provider,
        code=code,
        redirect_uri=pending.redirect_uri,
        code_verifier=pending.code_verifier,
        nonce=pending.nonce,
    )
    now = datetime.now(UTC)
    response = RedirectResponse(flow.web_app_url(settings, pending.next), status_code=302)
    if pending.link_user_id is not None:
        await service.link(conn, pending.link_user_id, identity, now=now)
    else:
        signed_in = await service.sign_in(
            conn,
            identity,
            timezone=pending.timezone,
            user_agent=request.headers.get("user-agent"),
            client_ip=client_ip(request),
            settings=settings,
            now=now,
        )
        set_session_cookies(response, signed_in.session, settings)
        if signed_in.welcome_outbox_id is not None:
            # Background tasks run after the response, so after the transaction has committed.
            background_tasks.add_task(publish_outbox, signed_in.welcome_outbox_id, settings)
    flow.forget(response, settings)
    return response


async def redirect_failed_sign_in(request: Request, exc: Exception) -> Response:
    """The web app with the failure's code: the browser is mid-navigation, so an error page
    would strand the person on the API's address."""
    assert isinstance(exc, SignInFailed)
    settings = request.app.state.settings
    log.info("OpenID Connect sign-in failed: %s %s", exc.code, exc.detail)
    response = RedirectResponse(flow.web_app_url(settings, f"/#signin-error={exc.code}"), status_code=302)
    flow.forget(response, settings)
    return response


@identities_router.get("", response_model=list[IdentityOut], **operation(auth=CALLER))
async def list_identities(user: CurrentUser, conn: DbConn, oidc: Oidc) -> list[IdentityOut]:
    """The providers linked to the caller's account."""
    names = {provider.id: provider.name for provider in oidc.providers}
    return [
        IdentityOut(
            provider=row["provider"],
            name=names.get(row["provider"], row["provider"]),
            email=row["email"],
            linked_at=row["created_at"],
        )
        for row in await service.identities(conn, user.id)
    ]


@identities_router.delete(
    "/{provider}", response_class=Response, **operation(auth=CALLER, errors=[404, 409], status_code=204)
)
async def unlink_identity(provider: str, user: CurrentUser, conn: DbConn) -> Response:
    """Unlink the provider; 409 when it is the last way in (no password, no other provider)."""
    await service.unlink(conn, user.id, provider)
    return Response(status_code=204)
