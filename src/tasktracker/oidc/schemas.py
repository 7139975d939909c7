from datetime import datetime

from pydantic import BaseModel


class ProviderOut(BaseModel):
    id: str
    name: str


class IdentityOut(BaseModel):
    provider: str
    # The provider's display name; the id itself when the provider is no longer configured.
    name: str
    email: str | None
    linked_at: datetime
