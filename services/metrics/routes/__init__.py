from services.metrics.routes import aggregates, catalogue, observations, targets

routers = [catalogue.router, observations.router, aggregates.router, targets.router]
