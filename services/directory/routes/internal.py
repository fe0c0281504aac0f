"""Endpoints for other services only (outside /v1, so the gateway never routes to them)."""

from fastapi import APIRouter

from services.directory.schemas import KeyVerification, KeyVerified
from services.directory.service import accounts as service
from shared.auth import SERVICE, access
from shared.db import UoW
from shared.errors import Unauthorized

router = APIRouter(prefix="/internal", tags=["internal"], include_in_schema=False)


@router.post("/keys/verify", response_model=KeyVerified, **access(SERVICE))
async def verify_key(body: KeyVerification, uow: UoW) -> KeyVerified:
    verified = await service.verify_key(uow.session, body.prefix, body.fingerprint)
    if verified is None:
        raise Unauthorized("Unknown, expired or revoked API key.")
    return verified
