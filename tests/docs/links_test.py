#!/usr/bin/env python3
"""The repository is self-contained: every relative link of its Markdown files (README.md,
CONTRIBUTING.md, CHANGELOG.md, docs/*.md) names a file or folder inside the repository that
exists, and anchors into Markdown files name one of their headings.
    links_test.py REPOSITORY_ROOT"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1]).resolve()
files = [root / name for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md")] + sorted((root / "docs").glob("*.md"))
link = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|\b(?:src|href)=\"([^\"]+)\"")


def anchors(markdown: pathlib.Path) -> set:
    """GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces to dashes."""
    found = set()
    for line in markdown.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


problems = []
checked = 0
for markdown in files:
    if not markdown.exists():
        continue
    text = markdown.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks hold commands, not links
    for match in link.finditer(text):
        target = match.group(1) or match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
            continue  # http:, https:, mailto:: not a file
        checked += 1
        path_part, _, anchor = target.partition("#")
        where = f"{markdown.relative_to(root)}: {target}"
        resolved = (markdown.parent / path_part).resolve() if path_part else markdown
        if root not in resolved.parents and resolved != root:
            problems.append(f"{where}: points outside the repository")
        elif not resolved.exists():
            problems.append(f"{where}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            problems.append(f"{where}: no heading #{anchor}")

for problem in problems:
    print(problem)
print(f"links: {checked} relative links checked, {len(problems)} broken")
sys.exit(1 if problems else 0)
