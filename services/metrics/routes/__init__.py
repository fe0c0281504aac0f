from services.metrics.routes import catalogue, observations

routers = [catalogue.router, observations.router]
