from tests.conftest import RunWorker

__all__ = ["RunWorker"]
