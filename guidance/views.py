"""The guidance pages of the thirteen roles.

A role page gathers three apps' data: the role's own guidance (roles), the
resources curators feature for it (resources) and the kinds of provider it works
with (directory), so it lives in the app on top of them.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from guidance.models import FeaturedResource, GuidanceItem, RoleProviderType
from roles.models import Role


class RoleQueries:
    """What a role page or the roles API reads, in a fixed number of queries."""

    @staticmethod
    def prefetches() -> list[Prefetch]:
        """Each role's guidance, visible featured resources, provider types
        and published related roles."""
        return [
            Prefetch("guidance", queryset=GuidanceItem.objects.order_by("position")),
            Prefetch(
                "featured_resources",
                queryset=FeaturedResource.objects.published(),
                to_attr="published_features",
            ),
            Prefetch(
                "provider_types",
                queryset=RoleProviderType.objects.select_related(
                    "service_type"
                ).order_by("position", "pk"),
            ),
            Prefetch(
                "related_roles",
                queryset=Role.objects.published().in_order(),
                to_attr="published_related_roles",
            ),
        ]

    @classmethod
    def with_guidance(cls, roles):
        return roles.prefetch_related(*cls.prefetches())


def guidance_by_kind(role: Role) -> dict[str, list[GuidanceItem]]:
    """The role's prefetched guidance items, grouped as actions, signs, turn-to."""
    grouped: dict[str, list[GuidanceItem]] = {kind: [] for kind in GuidanceItem.Kind}
    for item in role.guidance.all():
        grouped[item.kind].append(item)
    return grouped


class RoleGuidance:
    """A role's guidance, featured resources and provider types, read when
    that part of its page is rendered: not when the fragment cache has it."""

    def __init__(self, role: Role):
        self._role = role

    @cached_property
    def role(self) -> Role:
        prefetch_related_objects([self._role], *RoleQueries.prefetches())
        return self._role

    @cached_property
    def _by_kind(self) -> dict[str, list[GuidanceItem]]:
        return guidance_by_kind(self.role)

    @property
    def actions(self) -> list[GuidanceItem]:
        return self._by_kind[GuidanceItem.Kind.ACTION]

    @property
    def signs(self) -> list[GuidanceItem]:
        return self._by_kind[GuidanceItem.Kind.SIGN]

    @property
    def where_to_turn(self) -> list[GuidanceItem]:
        return self._by_kind[GuidanceItem.Kind.WHERE_TO_TURN]


@require_safe
def role_list(request):
    return render(
        request,
        "guidance/role_list.html",
        {"roles": Role.objects.published().in_order()},
    )


# The roles whose members may see families themselves, and so may list a practice.
PROVIDER_ROLES = frozenset(
    {
        "healthcare-providers",
        "social-workers-therapists",
        "infant-mental-health-specialists",
        "home-visitors",
        "early-childhood-educators",
        "child-care-providers",
    }
)


@require_safe
def role_detail(request, slug):
    role = get_object_or_404(Role.objects.published(), slug=slug)
    return render(
        request,
        "guidance/role_detail.html",
        {
            "role": role,
            "guidance": RoleGuidance(role),
            "lists_providers": role.slug in PROVIDER_ROLES,
        },
    )
