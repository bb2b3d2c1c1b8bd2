"""Directory fixtures: the small fictional HSDS package in fixtures/, imported.

Personas come from tests/conftest.py: alice (participant), bob (participant), carol (counselor at
Harbor), erin (admin of Harbor).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.groups.conftest import frank, group  # noqa: F401 (facilitator fixtures, reused)
from waypoint.accounts.models import Organization
from waypoint.directory.hsds import import_path
from waypoint.directory.models import Organization as DirectoryOrganization
from waypoint.directory.models import Service

FIXTURES = Path(__file__).parent / "fixtures"
PACKAGE = FIXTURES / "package"


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the test package that a test may spoil."""
    target = tmp_path / "package"
    shutil.copytree(PACKAGE, target)
    return target


@pytest.fixture
def imported(db: None) -> None:
    import_path(PACKAGE)


@pytest.fixture
def harbor_entry(imported: None, harbor: Organization) -> Service:
    """The Lakeside entry (svc-ssp), managed by Harbor, so that erin (Harbor's admin) edits it."""
    DirectoryOrganization.objects.filter(hsds_id="org-lakeside").update(managed_by=harbor)
    return Service.objects.get(hsds_id="svc-ssp")
