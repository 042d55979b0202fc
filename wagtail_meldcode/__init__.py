"""Work with the Dutch meldcode huiselijk geweld en kindermishandeling in Wagtail."""
