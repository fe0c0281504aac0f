import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.reports.models.webhooks import DeliveryStatus, WebhookEvent
from shared.fields import refuse_null

Events = list[WebhookEvent]


def _events(values: list[WebhookEvent]) -> list[WebhookEvent]:
    return sorted(set(values))


def _description(value: str) -> str:
    if any(not c.isprintable() and c not in "\n\t" for c in value):
        raise ValueError("must not contain control characters")
    return value.strip()


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"url": "https://example.org/hooks/coalition-hub", "events": ["report.published"]}]
        },
    )

    url: str = Field(
        min_length=1,
        max_length=2048,
        description="https URL on the public internet that receives the events",
        examples=["https://example.org/hooks/coalition-hub"],
    )
    events: Events = Field(min_length=1, max_length=len(WebhookEvent), description="Events to receive")
    description: str = Field("", max_length=500)

    _unique = field_validator("events")(_events)
    _printable = field_validator("description")(_description)


class WebhookUpdate(BaseModel):
    """Only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, min_length=1, max_length=2048)
    events: Events | None = Field(None, min_length=1, max_length=len(WebhookEvent))
    description: str | None = Field(None, max_length=500)
    active: bool | None = Field(None, description="false pauses deliveries")

    @field_validator("events")
    @classmethod
    def _unique(cls, values: list[WebhookEvent] | None) -> list[WebhookEvent] | None:
        return _events(values) if values is not None else None

    @field_validator("description")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        return _description(value) if value is not None else None

    _not_null = field_validator("url", "events", "description", "active", mode="before")(refuse_null)


class WebhookRead(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    url: str = Field(description="The full URL for organisation admins; scheme and host only for members")
    events: list[str]
    description: str
    active: bool
    secret_rotated_at: datetime | None
    previous_secret_expires_at: datetime | None = Field(
        description="After a rotation, deliveries carry a second signature with the old secret until then"
    )
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookRead):
    secret: str = Field(description="Signs every delivery (Standard Webhooks); shown only this once")


class AttemptRead(BaseModel):
    number: int
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryRead(BaseModel):
    id: uuid.UUID
    webhook_id: uuid.UUID
    message_id: uuid.UUID = Field(description="The webhook-id header: the same on retries and redeliveries")
    redelivery_of: uuid.UUID | None
    event: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None = Field(description="When the next attempt is due; null once finished")
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class DeliveryDetail(DeliveryRead):
    payload: dict[str, Any] = Field(description="The event's data, as sent in the body's `data`")
    history: list[AttemptRead]
