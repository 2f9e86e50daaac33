"""The guidance pages of the thirteen roles.

A role page gathers three apps' data: the role's own guidance (roles), the
resources curators feature for it (resources) and the kinds of provider it works
with (directory), so it lives in the app on top of them.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from guidance.models import FeaturedResource, GuidanceItem, RoleProviderType
from roles.models import Role


class RoleQueries:
    """What a role page or the roles API reads, in a fixed number of queries."""

    @staticmethod
    def with_guidance(roles):
        """Prefetch each role's guidance, visible featured resources, provider
        types and published related roles."""
        return roles.prefetch_related(
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
        )


def guidance_by_kind(role: Role) -> dict[str, list[GuidanceItem]]:
    """The role's prefetched guidance items, grouped as actions, signs, turn-to."""
    grouped: dict[str, list[GuidanceItem]] = {kind: [] for kind in GuidanceItem.Kind}
    for item in role.guidance.all():
        grouped[item.kind].append(item)
    return grouped


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
    role = get_object_or_404(
        RoleQueries.with_guidance(Role.objects.published()), slug=slug
    )
    guidance = guidance_by_kind(role)
    return render(
        request,
        "guidance/role_detail.html",
        {
            "role": role,
            "actions": guidance[GuidanceItem.Kind.ACTION],
            "signs": guidance[GuidanceItem.Kind.SIGN],
            "where_to_turn": guidance[GuidanceItem.Kind.WHERE_TO_TURN],
            "lists_providers": role.slug in PROVIDER_ROLES,
        },
    )
