from datetime import datetime

from pydantic import Field

from tasktracker.tasks.schemas import TaskOut


class TrashedTaskOut(TaskOut):
    """A task in the trash (documentation: responses are rendered from rows)."""

    deleted_at: datetime = Field(description="When it went to the trash")
    purge_at: datetime = Field(description="When the daily purge deletes it for good, unless restored")
