"""The case dossier as a PDF: for the archive, a client's right of access, or a report call."""

from django.template.loader import render_to_string
from django.utils import timezone

from .attachments import thumbnail


def case_pdf(context, base_url, template="wagtail_meldcode/case/pdf.html"):
    """Render ``template`` (the dossier, or the summary for Veilig Thuis) with
    ``context`` to PDF bytes."""
    # WeasyPrint loads native libraries (Pango) on import: import it only when needed.
    from weasyprint import HTML

    context = {**context, "made_at": timezone.localtime(), "attachments": [
        # Photos as thumbnails, other files by their title.
        {**row, "thumbnail": row["attachment"].is_image and row["attachment"].has_file
         and thumbnail(row["attachment"])}
        for row in context.get("attachments", ())
    ]}
    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url).write_pdf()
