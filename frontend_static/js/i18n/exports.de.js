// Exporte und Ergebnisprotokolle (Team-Seite). Platzhalter: {name}.
export default {
  "exports.heading": "Exporte und Ergebnisprotokolle",
  "exports.lead":
    "Für Kreistag, Beiräte und Presse: Tabellen (Excel, CSV, JSON) und das Ergebnisprotokoll zum Drucken. Personen erscheinen als Pseudonyme (T-001 …).",
  "exports.scope": "Bereich",
  "exports.scope_platform": "Gesamte Plattform",
  "exports.scope_field": "Handlungsfeld: {title}",
  "exports.scope_workshop": "Bürgerwerkstatt: {title}",
  "exports.from": "Ideen eingereicht ab",
  "exports.to": "bis",
  "exports.include_hidden": "Auch ausgeblendete, abgelehnte und ungeprüfte Beiträge (markiert – nicht veröffentlichen)",
  "exports.semicolon": "CSV mit Semikolon (deutsches Excel)",
  "exports.downloads": "Herunterladen",
  "exports.xlsx": "Excel-Arbeitsmappe",
  "exports.csv_ideas": "CSV: Ideen",
  "exports.csv_comments": "CSV: Kommentare",
  "exports.csv_votes": "CSV: Stimmen je Idee",
  "exports.json": "JSON",
  "exports.report": "Ergebnisprotokoll (Druckansicht)",
  "exports.report_pdf": "Ergebnisprotokoll als PDF",
  "exports.report_hint": "Das Ergebnisprotokoll gibt es für ein Handlungsfeld oder eine Bürgerwerkstatt.",
};
