"""The search refresh tests use the notification tests' pool of their own on the test database."""

from tests.notifications.conftest import db  # noqa: F401  (a fixture, found by name)
