from pydantic import BaseModel, Field


class CalendarFeedOut(BaseModel):
    url: str = Field(
        description="The feed's secret address (shown once): subscribe to it from a calendar app",
        examples=["https://api.example.com/calendar/3q2-7wEjxlP0xVnK9hLrX2yGf3bAqZkT0uYwS1cD4eE.ics"],
    )


class CalendarFeedState(BaseModel):
    enabled: bool = Field(description="Whether a feed address exists (its secret cannot be shown again)")
