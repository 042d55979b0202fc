"""The evaluation report in the Wagtail admin, with its CSV and XLSX downloads."""

import io

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..charts import BarChart
from ..evaluation import COLLEAGUE, COLUMNS, MEDIAN, SECTIONS, evaluate, site_label
from ..forms.evaluation import EvaluationForm
from ..models.audit import Action
from ..permissions import get_evaluation_sites
from .base import private
from .downloads import csv_response, safe_cell, separator

LABELS = dict([*COLUMNS, *COLLEAGUE])
#: Columns of the table per site.
SITE_COLUMNS = ["opened", "decided", "no_action", "report", "help", "both", MEDIAN[0]]


def _table(rows, names, row_label, labels=LABELS):
    """A table: column labels, and per row its label and the values it shows."""
    return {
        "columns": [labels[name] for name in names],
        "rows": [(row_label(row), [row.value(name) for name in names]) for row in rows],
    }


def _period_label(row):
    return row.period.label if row.period else _("Total")


def report_context(report):
    """Charts and tables of ``report``: per period, and per site when there are several."""
    rows = [*report.by_period(), report.total]
    sections = [{
        "id": "opened", "heading": _("Cases opened"),
        "table": _table(rows, ["opened", MEDIAN[0]], _period_label),
        "chart": BarChart("chart-opened", _("Cases opened per period"),
                          [(row.period.label, row.shown("opened")) for row in rows[:-1]]),
    }]
    for section_id, heading, names in SECTIONS:
        sections.append({
            "id": section_id, "heading": heading,
            "table": _table(rows, [name for name, _label in names], _period_label),
            "chart": BarChart(f"chart-{section_id}", heading,
                              [(label, report.total.shown(name)) for name, label in names]),
        })
    for question in report.questions:
        parts = question.parts
        sections.append({
            "id": question.key.replace(":", "-"), "heading": question.heading,
            "table": _table(rows, [name for name, _label in parts], _period_label,
                            dict(parts)),
            "chart": BarChart(f"chart-{question.key.replace(':', '-')}", question.heading,
                              [(label, report.total.shown(name)) for name, label in parts]),
        })
    colleague = report.colleague_rows()
    sections.append({
        "id": "colleague", "heading": _("Worries about a colleague"),
        "note": _("Counted apart from the cases of the five steps, for all the chosen sites "
                  "together and never per site."),
        "table": _table(colleague, [name for name, _label in COLLEAGUE], _period_label),
        "chart": BarChart("chart-colleague", _("Worries about a colleague opened per period"),
                          [(row.period.label, row.shown("colleague_opened"))
                           for row in colleague[:-1]]),
    })
    by_site = None
    if len(report.sites) > 1:
        by_site = _table(
            [*report.by_site(), report.total], SITE_COLUMNS,
            lambda row: site_label(row.site) if row.site else _("Total"),
        )
    return {"sections": sections, "by_site": by_site}


def evaluation_view(request):
    """The figures for the chosen range, per period, as charts and tables."""
    sites = get_evaluation_sites(request)
    form = EvaluationForm(request.GET, sites=sites)
    context = {"form": form, "report": None, "query": request.GET.urlencode()}
    if not form.is_bound or form.is_valid():
        start, end, interval, chosen = form.choices()
        report = evaluate(chosen, start, end, interval)
        context.update(report=report, explanation=explanation(start, end),
                       **report_context(report))
    return private(TemplateResponse(request, "wagtail_meldcode/admin/evaluation.html", context))


def evaluation_download(request, file_format):
    """Every row of the report (per site and period, and the totals) as CSV or XLSX."""
    sites = get_evaluation_sites(request, action=Action.EVALUATION_EXPORT)
    form = EvaluationForm(request.GET, sites=sites)
    if form.is_bound and not form.is_valid():
        # The report page shows what is wrong.
        return redirect(f"{reverse('meldcode_evaluation:index')}?{request.GET.urlencode()}")
    start, end, interval, chosen = form.choices()
    header, rows = evaluate(chosen, start, end, interval).table()
    name = f"meldcode-evaluatie-{start}-{end}"
    if file_format == "xlsx":
        response = HttpResponse(
            xlsx(header, rows, start, end),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return private(response)
    return csv_response(f"{name}.csv", header, rows, separator(request))


def xlsx(header, rows, start, end):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Evaluation")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet.freeze_panes = "C2"
    notes = workbook.create_sheet(_("Explanation")[:31])
    for line in explanation(start, end):
        notes.append([line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def explanation(start, end):
    return [
        _("Meldcode evaluation: cases opened from %(start)s up to and including %(end)s.")
        % {"start": start, "end": end},
        _("Every figure is about the cases opened in the period, counted once each."),
        _("Counts from 1 to 4 are shown as <5, and so is a second count wherever the "
          "first could be worked out from a total; so is a median of fewer than five cases."),
        _("Made on %(date)s.") % {"date": timezone.localdate()},
    ]
