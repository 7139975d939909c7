from pydantic import BaseModel

UNSUBSCRIBED_MESSAGE = "The nightly digest is off. You can turn it back on in Settings."


class Unsubscribed(BaseModel):
    message: str = UNSUBSCRIBED_MESSAGE
