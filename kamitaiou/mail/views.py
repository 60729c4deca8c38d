"""Pages of the mail app: an attachment's download. Fetch through ``access``."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from kamitaiou.mail.access import get_attachment_for_user

#: A plain ``type/subtype`` (no parameters, no line breaks); anything else is sent as bytes.
_MIME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$")


@require_GET
@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """The attachment's bytes, always as a download (never shown in the page's origin)."""
    attachment = get_attachment_for_user(request, attachment_id)
    if attachment.omitted:  # left out at intake, or erased with the customer's data
        raise Http404("この添付ファイルは保存されていません（削除済みを含む）。")
    content_type = attachment.content_type.strip().lower()
    if not _MIME.match(content_type):
        content_type = "application/octet-stream"
    response = HttpResponse(bytes(attachment.data), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
