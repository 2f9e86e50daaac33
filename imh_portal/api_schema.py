"""How the portal's own API pieces appear in the OpenAPI document."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "imh_portal.api_base.ApiKeyAuthentication"
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Optional. `Authorization: Api-Key <key>` identifies a partner "
                "and lifts the anonymous rate limit. Keys are issued by the "
                "portal's administrators."
            ),
        }
