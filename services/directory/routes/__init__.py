from services.directory.routes import (
    accounts,
    internal,
    memberships,
    organisations,
    reference,
    search,
    shared_services,
)

routers = [
    reference.router,
    search.router,
    organisations.router,
    memberships.router,
    shared_services.router,
    accounts.router,
    internal.router,
]
