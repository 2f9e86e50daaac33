"""Static files: served by the portal itself, hashed and compressed in production."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE_URL = re.compile(r"""(src|href)=["']https?://""")


@pytest.mark.slow
def test_collectstatic_writes_hashed_and_compressed_files(collected_static):
    css = [path.name for path in (collected_static / "css").iterdir()]
    assert any(re.fullmatch(r"portal\.[0-9a-f]{12}\.css", name) for name in css)
    assert any(re.fullmatch(r"portal\.[0-9a-f]{12}\.css\.gz", name) for name in css)
    assert (collected_static / "staticfiles.json").exists()


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
