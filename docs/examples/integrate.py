"""An NGO's integration with Coalition Hub, with the generated Python client (clients/python on
PYTHONPATH): register the organisation, report a year's figures as one batch, read the figures
across organisations.

    HUB_URL=http://localhost:8000 HUB_ADMIN_KEY=<a platform admin's key> python docs/examples/integrate.py
"""

import os

from coalition_hub_client import AuthenticatedClient
from coalition_hub_client.api.directory_accounts_and_api_keys import create_account, create_key
from coalition_hub_client.api.directory_organisations_and_coalitions import create_organisation
from coalition_hub_client.api.metrics_collective_impact import get_aggregates
from coalition_hub_client.models import (
    AccountCreate,
    AccountCreateOrgRole,
    AggregatesRead,
    ApiKeyCreate,
    OrganisationCreate,
)

URL = os.environ.get("HUB_URL", "http://localhost:8000")

# 1. Register: the organisation, its first admin, and the key our systems will use.
admin = AuthenticatedClient(base_url=URL, token=os.environ["HUB_ADMIN_KEY"])
org = create_organisation.sync(
    client=admin, body=OrganisationCreate(name="Kathmandu Freedom Project", hq_country="NPL", countries=["NPL"])
)
account = create_account.sync(
    org.id, client=admin, body=AccountCreate(name="Data officer", org_role=AccountCreateOrgRole.ADMIN)
)
key = create_key.sync(org.id, client=admin, body=ApiKeyCreate(name="monthly sync", account_id=account.id))
hub = AuthenticatedClient(base_url=URL, token=key.key)

# 2. Report a batch: the rows of our own records, all applied or none (every problem listed).
rows = "indicator,country,period,value,visibility\n" + "".join(
    f"people_identified,NPL,{year},{count},public\n" for year, count in ((2022, 31), (2023, 44), (2024, 52))
)
batch = hub.get_httpx_client().post(
    f"/v1/metrics/organisations/{org.id}/observations/batches", content=rows, headers={"Content-Type": "text/csv"}
)
print("batch:", batch.status_code, batch.json()["status"], batch.json()["counts"])

# 3. Read the figures across organisations (hidden where too few report: status C).
figures = get_aggregates.sync(client=hub, indicator="people_identified", country=["NPL"], by="period")
assert isinstance(figures, AggregatesRead), figures
for cell in figures.cells:
    print(cell.additional_properties["period"], cell.status, cell.value, "ours:", cell.own)
