from services.directory.routes import accounts, internal, organisations, reference, search

routers = [reference.router, search.router, organisations.router, accounts.router, internal.router]
