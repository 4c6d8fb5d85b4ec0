import re
import uuid


def slugify_title(title):
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return f"{base}-{uuid.uuid4().hex[:6]}"


def parse_json(request):
    import json

    try:
        return json.loads(request.body or b"{}")
    except ValueError:
        return {}
