"""Endpoints for other services only (outside /v1, so the gateway never routes to them)."""

from fastapi import APIRouter

from services.directory.schemas import KeyVerification
from services.directory.service import accounts as service
from shared.auth import SERVICE, access
from shared.db import UoW
from shared.errors import Unauthorized
from shared.identity import Identity

router = APIRouter(prefix="/internal", tags=["internal"], include_in_schema=False)


@router.post("/keys/verify", response_model=Identity, **access(SERVICE))
async def verify_key(body: KeyVerification, uow: UoW) -> Identity:
    identity = await service.verify_key(uow.session, body.prefix, body.fingerprint)
    if identity is None:
        raise Unauthorized("Unknown, expired or revoked API key.")
    return identity
