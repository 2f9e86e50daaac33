"""schemathesis fuzzes the API from its own OpenAPI document.

A live server on the test database answers every operation — the public reads,
HSDS, and a provider's own listings with a real token — with generated valid
and invalid requests, under every check schemathesis has but one: there must
be no server error and no answer the document does not describe.

Two checks are left out, for reasons a schema cannot express:

- ``positive_data_acceptance`` expects any value the schema allows to be
  accepted; our filters take slugs and ZIP codes that must exist in the
  directory, which no OpenAPI schema can list, so a made-up slug is rightly a
  400 with the parameter named (and that 400 is documented);
- ``ignored_auth`` sends requests with made-up credentials, but the run adds a
  real provider token to every request so that the provider's endpoints are
  fuzzed at all; their refusal without credentials is tested in
  tests/directory/test_api.py and tests/imh_portal/test_security.py.

``FUZZ_EXAMPLES`` sets the examples per operation: a short run in CI, longer
with ``make fuzz``.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from tests.factories import ListingFactory, LocationFactory, PlaceFactory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
SEED = 20261130


@pytest.mark.django_db(transaction=True)
def test_the_api_survives_fuzzing_without_server_errors_or_undocumented_answers(
    live_server, settings, provider
):
    settings.API_RATES = {"anonymous": "100000/min", "partner": "100000/min"}
    call_command("load_starter_content", verbosity=0)
    PlaceFactory(kind="postal_code", name="98101", region="US-WA")
    for number in range(5):
        LocationFactory(listing=ListingFactory(name=f"Clinic {number}"))
    token = Token.objects.create(user=provider)
    report = Path(settings.BASE_DIR) / "var" / "fuzz-report.txt"
    report.parent.mkdir(exist_ok=True)
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance,ignored_auth",
        "--seed",
        str(SEED),
        "--max-examples",
        str(EXAMPLES),
        "--request-timeout",
        "30",
        "--header",
        f"Authorization: Token {token.key}",
        "--generation-deterministic",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=1800, env=os.environ.copy()
    )
    report.write_text(result.stdout + result.stderr)
    summary = result.stdout[-3000:] + f"\nFull report: {report}"
    print(summary)  # shown with -s: cases run and failures
    assert result.returncode == 0, summary
    assert "generated" in summary
