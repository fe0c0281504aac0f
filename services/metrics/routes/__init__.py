from services.metrics.routes import aggregates, catalogue, observations

routers = [catalogue.router, observations.router, aggregates.router]
