"""The README and docs/ stand alone: a reader with only the repository can follow them."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A path in backticks that names a file or folder of the repository, e.g. `tyopolku/api.py`.
REPO_PATH = re.compile(r"`((?:tyopolku|tests|bench|docs|scripts)/[\w./-]*)`")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_it_points_to_nothing_outside_the_repository(document):
    assert "../" not in document.read_text(encoding="utf-8")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_it_names_only_paths_that_exist(document):
    named = REPO_PATH.findall(document.read_text(encoding="utf-8"))
    missing = [p for p in named if "<" not in p and not (ROOT / p.rstrip("/")).exists()]
    assert missing == []
