"""The one API router: every app's read endpoints under /api/v1/."""

from rest_framework.routers import DefaultRouter

from directory.api import (
    ListingViewSet,
    ModalityViewSet,
    MyListingViewSet,
    ServiceTypeViewSet,
)
from guidance.api import RoleViewSet
from resources.api import CollectionViewSet, ResourceViewSet, TopicViewSet

router = DefaultRouter()
router.register("resources", ResourceViewSet, basename="resource")
router.register("topics", TopicViewSet, basename="topic")
router.register("collections", CollectionViewSet, basename="collection")
router.register("roles", RoleViewSet, basename="role")
router.register("listings", ListingViewSet, basename="listing")
router.register("service-types", ServiceTypeViewSet, basename="service-type")
router.register("modalities", ModalityViewSet, basename="modality")
router.register("me/listings", MyListingViewSet, basename="my-listing")
