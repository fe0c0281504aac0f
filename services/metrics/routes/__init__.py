from services.metrics.routes import aggregates, batches, catalogue, deserts, observations, targets

routers = [catalogue.router, observations.router, batches.router, aggregates.router, deserts.router, targets.router]
