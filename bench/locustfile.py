"""What visitors do to the portal under load, for ``bench/loadtest.py``.

Each simulated visitor opens the home page, searches the library with the words
families type (most often "baby"), looks for providers near a ZIP code, or
reads the API's resource and listing lists, pausing between requests. The
words and ZIP codes come from the benchmark data set, in the file that
``LOADTEST_MIX`` names; ``LOADTEST_MAX_REQUESTS`` stops the run at that many
requests even if its time is not up. Only a loopback host is accepted.
"""

import json
import os
import random
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, events, task

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MIX = json.loads(Path(os.environ["LOADTEST_MIX"]).read_text(encoding="utf-8"))
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "0"))
run = {"requests": 0, "environment": None}


def pick(pool: dict) -> str:
    return random.choices(pool["values"], weights=pool["weights"])[0]


@events.init.add_listener
def refuse_other_hosts(environment, **_kwargs):
    host = urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"the load test runs against the loopback only, not {host}")
    run["environment"] = environment


@events.request.add_listener
def stop_at_the_request_cap(**_kwargs):
    run["requests"] += 1
    if MAX_REQUESTS and run["requests"] == MAX_REQUESTS:
        print(f"Stopping: the cap of {MAX_REQUESTS} requests is reached", flush=True)
        # Not from inside the request's own greenlet, which quitting kills.
        gevent.spawn(run["environment"].runner.quit)


class Visitor(FastHttpUser):
    wait_time = between(1, 3)
    connection_timeout = 10.0
    network_timeout = 30.0

    @task(2)
    def home_page(self):
        self.client.get("/", name="home page")

    @task(4)
    def resource_search(self):
        query = {"q": pick(MIX["words"])}
        if random.random() < 0.2:
            query["page"] = "2"
        self.client.get(f"/resources/?{urlencode(query)}", name="resource search")

    @task(3)
    def directory_near_zip(self):
        query = {"near": pick(MIX["zip_codes"]), "radius": "25"}
        if random.random() < 0.3:
            query["q"] = pick(MIX["directory_words"])
        self.client.get(f"/directory/?{urlencode(query)}", name="directory near ZIP")

    @task(2)
    def api_resources(self):
        query = {"q": pick(MIX["words"])} if random.random() < 0.5 else {}
        self.client.get(f"/api/v1/resources/?{urlencode(query)}", name="api resources")

    @task(2)
    def api_listings(self):
        query = {"near": pick(MIX["zip_codes"]), "radius": "25"}
        self.client.get(f"/api/v1/listings/?{urlencode(query)}", name="api listings")
