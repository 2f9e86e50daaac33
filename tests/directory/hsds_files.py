"""Writing and reading HSDS files with the export_hsds and import_hsds commands."""

import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

FILES = [
    "organizations",
    "services",
    "locations",
    "service_at_locations",
    "taxonomies",
    "taxonomy_terms",
]


def export(path) -> dict[str, list]:
    call_command("export_hsds", str(path), stdout=StringIO())
    return {name: json.loads((path / f"{name}.json").read_text()) for name in FILES}


def run_import(path, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_hsds", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failed_import(path, *args) -> tuple[str, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_hsds", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(failure.value)


def write(path, data) -> str:
    path.write_text(json.dumps(data))
    return str(path)


def hsds_service(**fields) -> dict:
    """A small valid HSDS service at a site in ZIP code 98101."""
    record = {
        "id": str(uuid.uuid4()),
        "name": "Little Steps",
        "status": "active",
        "description": "Home visiting for new parents.",
        "languages": [{"id": str(uuid.uuid4()), "code": "es", "name": "Spanish"}],
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "location_type": "physical",
                    "name": "Downtown office",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "1 Pike St",
                            "city": "Seattle",
                            "state_province": "WA",
                            "postal_code": "98101",
                            "country": "US",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }
    record.update(fields)
    return record
