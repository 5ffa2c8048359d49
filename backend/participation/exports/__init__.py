"""Exports (CSV, XLSX, JSON) and the results report (Ergebnisprotokoll) for staff and moderators."""
