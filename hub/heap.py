"""The garbage collector's settings for a long-lived process (a service or the worker)."""

import gc

# Young objects the collector lets pile up before a pass (Python's default is 700). Rendering a
# report allocates some hundred thousand short-lived objects: at 700 the collector ran 200 times
# per report and went through the worker's whole heap once, a fifth of the render's CPU time; at
# 10,000 a dozen times, 3% (docs/performance.md).
GC_THRESHOLD = 10_000


def settle() -> None:
    """Once the process has started: collect what start-up left, then move everything alive
    (modules, routes, schemas, mappers, pools) out of the collector's sight, so that a full pass
    walks only what requests made since. Without it a service spent a fifth of its CPU in full
    passes over objects that live as long as the process (docs/performance.md)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
