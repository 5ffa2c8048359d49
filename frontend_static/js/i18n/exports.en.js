// Exports and results reports (staff page). Placeholders: {name}.
export default {
  "exports.heading": "Exports and results reports",
  "exports.lead":
    "For the district council, advisory boards and the press: spreadsheets (Excel, CSV, JSON) and a printable results report. People appear as pseudonyms (T-001 …).",
  "exports.scope": "Scope",
  "exports.scope_platform": "Whole platform",
  "exports.scope_field": "Action field: {title}",
  "exports.scope_workshop": "Workshop: {title}",
  "exports.from": "Ideas submitted from",
  "exports.to": "to",
  "exports.include_hidden": "Include hidden, rejected and unreviewed contributions (marked – do not publish)",
  "exports.semicolon": "CSV with semicolons (German Excel)",
  "exports.downloads": "Download",
  "exports.xlsx": "Excel workbook",
  "exports.csv_ideas": "CSV: ideas",
  "exports.csv_comments": "CSV: comments",
  "exports.csv_votes": "CSV: votes per idea",
  "exports.json": "JSON",
  "exports.report": "Results report (print view)",
  "exports.report_pdf": "Results report as PDF",
  "exports.report_hint": "Results reports exist for an action field or a workshop.",
};
