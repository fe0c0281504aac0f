from services.metrics.routes import aggregates, batches, catalogue, deserts, observations, sdmx, targets

routers = [
    catalogue.router,
    observations.router,
    batches.router,
    aggregates.router,
    sdmx.router,
    deserts.router,
    targets.router,
]
