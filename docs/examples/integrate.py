"""An NGO's integration with Coalition Hub, with the generated Python client (clients/python on
PYTHONPATH): register the organisation, wait for its review, report a year's figures as one
batch, read the figures across organisations.

    HUB_URL=http://localhost:8000 python docs/examples/integrate.py

With HUB_REVIEWER_KEY set (a platform admin's or a reviewer's key, on your own test install),
the script approves its own registration instead of waiting for a reviewer.
"""

import os
import sys
import time

from coalition_hub_client import AuthenticatedClient, Client
from coalition_hub_client.api.directory_accounts_and_api_keys import create_key, get_me
from coalition_hub_client.api.directory_onboarding import register_organisation, review_registration
from coalition_hub_client.api.metrics_collective_impact import get_aggregates
from coalition_hub_client.models import (
    AggregatesRead,
    ApiKeyCreate,
    FirstAdmin,
    Identity,
    OrganisationRegistration,
    Problem,
    RegistrationCreate,
    RegistrationCreated,
    ReviewDecision,
    ReviewDecisionDecision,
)

URL = os.environ.get("HUB_URL", "http://localhost:8000")
NAME = os.environ.get("HUB_ORG_NAME", "Kathmandu Freedom Project")

# 1. Register, without a key: the organisation, its first admin, and the admin's key (shown once:
#    keep it in your secret store). The organisation is `pending` until a reviewer approves it.
created = register_organisation.sync(
    client=Client(base_url=URL),  # type: ignore[arg-type]  # no key: any client will do
    body=RegistrationCreate(
        organisation=OrganisationRegistration(name=NAME, kind="ngo", hq_country="NPL", countries=["NPL"]),
        admin=FirstAdmin(name="Data officer", email="data@example.org"),
    ),
)
if not isinstance(created, RegistrationCreated):
    if not isinstance(created, Problem):
        sys.exit(f"registration refused: {created}")
    again = " (HUB_ORG_NAME registers under another name)" if created.status == 409 else ""
    sys.exit(f"registration refused: {created.detail}{again}")
org_id = created.organisation.id
admin = AuthenticatedClient(base_url=URL, token=created.key.key)
print("registered:", created.organisation.status)

# 2. Wait for the review. Until then the key reads /v1/directory/me and the organisation's profile.
if reviewer_key := os.environ.get("HUB_REVIEWER_KEY"):
    reviewer = AuthenticatedClient(base_url=URL, token=reviewer_key)
    reviewed = review_registration.sync(
        org_id, client=reviewer, body=ReviewDecision(decision=ReviewDecisionDecision.APPROVE, note="Test install")
    )
    if isinstance(reviewed, Problem):
        sys.exit(f"HUB_REVIEWER_KEY could not approve the registration: {reviewed.detail}")
else:
    print(
        f"waiting for a reviewer to approve organisation {org_id} (checked every minute; on a test install "
        "of your own, HUB_REVIEWER_KEY=<a platform admin's key> approves it at once)",
        file=sys.stderr,
    )
while isinstance(me := get_me.sync(client=admin), Identity) and me.pending:
    time.sleep(60)
if not isinstance(me, Identity):
    sys.exit("the registration was rejected: its key no longer works")
print("approved")

# 3. A key of its own for the system that reports (the admin's key stays with the admin).
key = create_key.sync(org_id, client=admin, body=ApiKeyCreate(name="monthly sync"))
hub = AuthenticatedClient(base_url=URL, token=key.key)  # type: ignore[union-attr]

# 4. Report a batch: the rows of our own records, all applied or none (every problem listed).
rows = "indicator,country,period,value,visibility\n" + "".join(
    f"people_identified,NPL,{year},{count},public\n" for year, count in ((2022, 31), (2023, 44), (2024, 52))
)
batch = hub.get_httpx_client().post(
    f"/v1/metrics/organisations/{org_id}/observations/batches", content=rows, headers={"Content-Type": "text/csv"}
)
print("batch:", batch.status_code, batch.json()["status"], batch.json()["counts"])

# 5. Read the figures across organisations (hidden where too few report: status C).
figures = get_aggregates.sync(client=hub, indicator="people_identified", country=["NPL"], by="period")
assert isinstance(figures, AggregatesRead), figures
for cell in figures.cells:
    print(cell.additional_properties["period"], cell.status, cell.value, "ours:", cell.own)
