"""The floor every page is measured against: a trivial Django view.

One view returning 10 KB of HTML at every address, with the two middlewares
any Django site keeps (security headers and the common one), served by the same
gunicorn settings as the portal, so the same load (bench/pages.py,
bench/loadtest.py) can be sent to both. A page's requests per second divided
by this one's, in the same run, is a figure that means the same on any machine.

    gunicorn bench.floor_site:application
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import re_path

TEN_KILOBYTES = (
    "<!doctype html><html lang=en><title>Floor</title><body>"
    + "<p>A trivial page of about ten kilobytes.</p>" * 230
    + "</body></html>"
).encode()


def floor(request):
    return HttpResponse(TEN_KILOBYTES)


urlpatterns = [re_path(r"", floor)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("SECRET_KEY", "floor-" + "x" * 50),
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
        INSTALLED_APPS=[],
        USE_I18N=False,
    )

application = get_wsgi_application()
