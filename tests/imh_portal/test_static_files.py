"""Static files: served by the portal itself, hashed and compressed in production."""

import re
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE_URL = re.compile(r"""(src|href)=["']https?://""")


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
            },
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    css = [path.name for path in (tmp_path / "css").iterdir()]
    assert any(re.fullmatch(r"portal\.[0-9a-f]{12}\.css", name) for name in css)
    assert any(re.fullmatch(r"portal\.[0-9a-f]{12}\.css\.gz", name) for name in css)
    assert (tmp_path / "staticfiles.json").exists()


def test_no_template_loads_anything_from_another_site():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if OUTSIDE_URL.search(path.read_text())
    ]
    assert offenders == []


def test_the_stylesheet_imports_nothing_from_another_site():
    for path in (ROOT / "static").rglob("*.css"):
        assert "@import" not in path.read_text()
        assert "url(http" not in path.read_text()
