"""HEAD answers exactly like GET, without the body.

Django runs the GET view for HEAD; its test client and runserver then drop the
body, but gunicorn sends it. Monitors and load balancers probe with HEAD every
few seconds, so the bytes are dropped here, whatever server runs the portal.
"""


class HeadWithoutBodyMiddleware:
    """Outermost middleware: empties the body of every answer to HEAD."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            response.streaming_content = []
        else:
            length = response.get("Content-Length", str(len(response.content)))
            response.content = b""
            # The size a GET would have, as HTTP allows, for monitors.
            response["Content-Length"] = length
        return response
