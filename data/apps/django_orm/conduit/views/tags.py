from __future__ import annotations

from ..services import TagService
from .common import methods, respond


def _list_tags(request):
    return respond({"tags": TagService().list()})


tags = methods(GET=_list_tags)
