"""One Node.js version is named everywhere a person looks: the README, the deploy guide and the
deploy's own check."""

from __future__ import annotations

import re

from infra.deploy import NODE_MAJOR
from local.home import REPO_ROOT


def test_readme_deploy_guide_and_deploy_check_name_the_same_node_version() -> None:
    for document in ("README.md", "docs/deploy.md"):
        named = set(re.findall(r"Node(?:\.js)? (\d+)", (REPO_ROOT / document).read_text()))
        assert named == {str(NODE_MAJOR)}, f"{document} names Node.js {sorted(named)}"
