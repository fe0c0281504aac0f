from services.metrics.routes import aggregates, batches, catalogue, observations, targets

routers = [catalogue.router, observations.router, batches.router, aggregates.router, targets.router]
