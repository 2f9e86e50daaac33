from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from directory.starter_content import load_taxonomy
from guidance.starter_content import (
    load_featured_resources,
    load_guidance,
    load_role_provider_types,
)
from imh_portal.starter_content import load_concepts, load_help_lines
from resources.starter_content import load_collections, load_resources, load_topics
from roles.starter_content import load_roles


class Command(BaseCommand):
    help = (
        "Load the curated starter content: help lines, the search vocabulary, "
        "roles, topics, resources, collections, the directory's service types "
        "and models, and the guidance pages of the thirteen roles. Safe to run "
        "again: unchanged rows are left alone."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        steps = [
            ("help lines", load_help_lines),
            ("search vocabulary", load_concepts),
            ("roles", load_roles),
            ("topics", load_topics),
            ("resources", load_resources),
            ("collections", load_collections),
            ("directory service types and models", load_taxonomy),
            ("role guidance", load_guidance),
            ("resources featured for roles", load_featured_resources),
            ("provider types for roles", load_role_provider_types),
        ]
        # The untranslated columns, which search triggers read, keep the
        # English whatever language the command runs in.
        for label, load in steps:
            with translation.override("en"):
                written = load()
            self.stdout.write(f"{label}: {written} change{'s' if written != 1 else ''}")
