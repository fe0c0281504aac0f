"""The directory's status names, written once: tables, schemas, vocabularies and queries read
them here."""

from enum import StrEnum


class OrganisationStatus(StrEnum):
    """An organisation's place in onboarding: one that registered itself is `pending` until a
    reviewer approves it (`active`) or turns it down (`rejected`). Only active ones are listed."""

    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"


class MembershipStatus(StrEnum):
    """A member's place in a coalition (see memberships/service.py for the transitions)."""

    INVITED = "invited"
    PENDING = "pending"
    ACTIVE = "active"
    LEFT = "left"


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
