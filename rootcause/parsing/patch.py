"""Files from a unified diff (the agent's patch), read with the ``unidiff`` package."""

from __future__ import annotations

from dataclasses import dataclass

from unidiff import PatchSet
from unidiff.errors import UnidiffParseError


@dataclass(frozen=True, slots=True)
class PatchedFile:
    path: str
    added: int
    removed: int
    is_new: bool
    is_deleted: bool
    content: str  # the post-image lines the diff shows (whole file when new)


def parse_patch(text: str) -> tuple[list[PatchedFile], str | None]:
    """Files the patch touches, and an error message if the diff could not be parsed."""
    if not text or not text.strip():
        return [], None
    try:
        patch = PatchSet(text.splitlines(keepends=True))
    except UnidiffParseError as exc:
        return [], f"patch is not a valid unified diff: {exc}"
    files = []
    for pf in patch:
        path = pf.path
        for prefix in ("a/", "b/"):
            if path.startswith(prefix):
                path = path[len(prefix) :]
        lines = [line.value for hunk in pf for line in hunk if not line.is_removed]
        files.append(PatchedFile(path=path, added=pf.added, removed=pf.removed, is_new=pf.is_added_file, is_deleted=pf.is_removed_file, content="".join(lines)))
    return files, None
