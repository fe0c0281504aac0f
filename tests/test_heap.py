import subprocess
import sys

from hub.heap import GC_THRESHOLD

PROBE = """
import gc
import services.directory.app  # a service's modules: what settle() puts out of the collector's sight
from hub import heap
before = gc.get_freeze_count()
heap.settle()
print(before, gc.get_freeze_count(), gc.get_threshold()[0], len(gc.get_objects()))
"""


def test_settle_freezes_what_start_up_made_and_raises_the_threshold() -> None:
    # In a process of its own: freezing the test process would keep its garbage for good.
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    before, frozen, threshold, tracked = map(int, out.split())
    assert before == 0
    assert frozen > 100_000  # the imported modules, routes and schemas
    assert tracked < frozen / 100  # a full pass now walks almost nothing
    assert threshold == GC_THRESHOLD
