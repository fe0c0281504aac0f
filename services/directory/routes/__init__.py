from services.directory.routes import (
    accounts,
    exports,
    hsds,
    imports,
    internal,
    memberships,
    onboarding,
    organisations,
    reference,
    search,
    shared_services,
)

routers = [
    reference.router,
    search.router,
    organisations.router,
    onboarding.router,
    memberships.router,
    shared_services.router,
    imports.router,
    exports.router,
    hsds.router,
    accounts.router,
    internal.router,
]
