from services.directory.routes import accounts, internal, organisations, reference

routers = [reference.router, organisations.router, accounts.router, internal.router]
