import pytest

from xxgk import storage


@pytest.fixture
def db():
    """An empty in-memory database with the full schema."""
    return storage.open_db(":memory:")
