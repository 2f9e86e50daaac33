"""Checking records against the official HSDS 3.0 schemas in directory/hsds/spec/.

The files are used as published: the compiled schemas are self-contained, the
per-object ones ``$ref`` each other by file name, and the OpenAPI document
holds the ``Page`` schema. All are registered under their canonical URLs so
every reference resolves offline.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HSDS = Path(__file__).resolve().parents[2] / "directory" / "hsds" / "spec"
SCHEMAS = HSDS / "schema"
EXAMPLES = HSDS / "examples"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PAGE = "openapi.json#/components/schemas/Page"


@cache
def registry() -> Registry:
    resources = [
        (
            BASE + path.relative_to(SCHEMAS).as_posix(),
            Resource.from_contents(
                json.loads(path.read_text()), default_specification=DRAFT202012
            ),
        )
        for path in SCHEMAS.rglob("*.json")
    ]
    return Registry().with_resources(resources)


def closed(schema):
    """``schema`` with additional properties forbidden in every object, as the
    specification's own CI checks its examples
    (``compiletojsonschema --set-additional-properties-false-everywhere``)."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: closed(value) for key, value in schema.items()}
    if "properties" in schema and schema.get("type", "object") == "object":
        copy["additionalProperties"] = False
    return copy


@cache
def validator(schema: str) -> Draft202012Validator:
    """A validator for ``schema``, e.g. "compiled/service.json" or ``PAGE``.

    The compiled schemas are self-contained, so they are checked strictly: a
    field the specification does not define is an error.
    """
    if schema.startswith("compiled/"):
        strict = closed(json.loads((SCHEMAS / schema).read_text()))
        return Draft202012Validator(strict, format_checker=FormatChecker())
    return Draft202012Validator(
        {"$ref": BASE + schema}, registry=registry(), format_checker=FormatChecker()
    )


def problems(instance, schema: str) -> list[str]:
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator(schema).iter_errors(instance)
    ]


def assert_valid(instance, schema: str) -> None:
    found = problems(instance, schema)
    assert not found, f"Not valid against {schema}:\n" + "\n".join(found)


def assert_page(body: dict, item_schema: str) -> None:
    """An HSDS page whose every item is valid against ``item_schema``."""
    assert_valid({k: v for k, v in body.items() if k != "contents"}, PAGE)
    assert set(body) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
    assert body["size"] == len(body["contents"])
    for item in body["contents"]:
        assert_valid(item, item_schema)


def example(name: str) -> Path:
    return EXAMPLES / name
