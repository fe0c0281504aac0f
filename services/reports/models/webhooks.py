import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    String,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlmodel import Field, SQLModel

from services.reports.models import SCHEMA
from shared.db import created_stamp, updated_stamp


class WebhookEvent(StrEnum):
    report_completed = "report.completed"
    report_failed = "report.failed"
    report_published = "report.published"
    report_regeneration_needed = "report.regeneration_needed"


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for its next attempt
    sending = "sending"  # claimed by a job that is calling the receiver
    delivered = "delivered"
    failed = "failed"


class WebhookSubscription(SQLModel, table=True):
    """An organisation's receiver of report events. `secret` signs every delivery; it is kept as
    is because HMACs need it, and it is never logged nor shown again after creation or rotation."""

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (
        Index("ix_webhook_subscriptions_organisation_id", "organisation_id"),
        # emit(): the active subscribers to one event.
        Index("ix_webhook_subscriptions_events", "events", postgresql_using="gin", postgresql_where=text("active")),
        CheckConstraint("cardinality(events) > 0", name="ck_webhook_subscriptions_events"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID
    url: str = Field(max_length=2048)
    events: list[str] = Field(sa_type=ARRAY(String))
    description: str = Field(default="", sa_column_kwargs={"server_default": ""})
    active: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    secret: str = Field(repr=False)
    # After a rotation the old secret keeps signing (a second signature) until this time.
    previous_secret: str | None = Field(default=None, repr=False)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    secret_rotated_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_by: uuid.UUID | None = None  # account
    created_at: datetime = created_stamp(server_now=True)
    updated_at: datetime = updated_stamp(server_now=True)


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription, sent until it is delivered or given up. A redelivery is a
    new row carrying the same `message_id` (the `webhook-id` receivers see)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        # The admins' listing: a subscription's deliveries, newest first.
        Index("ix_webhook_deliveries_subscription", "subscription_id", "seq"),
        # The sweeper's scan: unfinished deliveries by when they are due.
        Index(
            "ix_webhook_deliveries_unfinished",
            "next_attempt_at",
            postgresql_where=text("status IN ('pending', 'sending')"),
        ),
        CheckConstraint("status IN ('pending', 'sending', 'delivered', 'failed')", name="ck_webhook_deliveries_status"),
        {"schema": SCHEMA},
    )
    __mapper_args__ = {"eager_defaults": True}  # `seq` comes from the database

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    seq: int | None = Field(default=None, sa_column=Column(BigInteger, Identity(), nullable=False, unique=True))
    subscription_id: uuid.UUID = Field(
        sa_column=Column(
            UUID(as_uuid=True),
            ForeignKey(f"{SCHEMA}.webhook_subscriptions.id", ondelete="CASCADE"),
            nullable=False,
        )
    )
    message_id: uuid.UUID
    redelivery_of: uuid.UUID | None = None
    event: str = Field(max_length=64)
    payload: dict[str, Any] = Field(sa_type=JSONB)
    # Set while it is undecided whether the organisation may receive the event (one naming a
    # draft): its job sends it only if the organisation is then an active member of this
    # coalition, and deletes it otherwise. Hidden from the organisation until decided.
    members_of: uuid.UUID | None = None
    occurred_at: datetime = created_stamp(server_now=True)  # the event's time
    status: DeliveryStatus = Field(
        default=DeliveryStatus.pending, sa_type=String(16), sa_column_kwargs={"server_default": "pending"}
    )
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Pending: when the next attempt is due. Sending: when the claim of the job calling the
    # receiver runs out (a job that died mid-call is then taken over).
    next_attempt_at: datetime = created_stamp(server_now=True)
    last_status_code: int | None = None
    last_error: str | None = None
    created_at: datetime = created_stamp(server_now=True)
    updated_at: datetime = updated_stamp(server_now=True)
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class WebhookAttempt(SQLModel, table=True):
    """One call to the receiver (or one refused before calling it)."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        UniqueConstraint("delivery_id", "number", name="uq_webhook_attempts_delivery_number"),
        {"schema": SCHEMA},
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, Identity(), primary_key=True))
    delivery_id: uuid.UUID = Field(
        sa_column=Column(
            UUID(as_uuid=True),
            ForeignKey(f"{SCHEMA}.webhook_deliveries.id", ondelete="CASCADE"),
            nullable=False,
        )
    )
    number: int
    attempted_at: datetime = Field(sa_type=DateTime(timezone=True))
    status_code: int | None = None
    error: str | None = None
    duration_ms: int
