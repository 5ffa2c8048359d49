"""Turning a report into HTML (Jinja2, autoescaped) and, where WeasyPrint can run, into PDF."""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape

if TYPE_CHECKING:
    from backend.participation.exports.report import Report

__all__ = ["PdfUnavailable", "html_to_pdf", "pdf_available", "render_report"]

logger = logging.getLogger(__name__)
# WeasyPrint reports every layout step at INFO (already while importing): keep the server log readable
logging.getLogger("weasyprint").setLevel(logging.WARNING)
_TEMPLATES = Path(__file__).resolve().parent / "templates"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system's Pango library is missing."""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(report: Report) -> str:
    return _environment().get_template("report.html").render(report=report)


@lru_cache(maxsize=1)
def pdf_available() -> bool:
    """WeasyPrint imports only where Pango is installed (Debian: libpango-1.0-0)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        logger.warning("PDF reports disabled: WeasyPrint or Pango is not installed", exc_info=True)
        return False
    return True


def _pdf_sync(html: str) -> bytes:
    import weasyprint

    # no base_url and a fetcher that refuses everything: the report is self-contained
    def _no_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
        raise ValueError(f"report resources are inline, refused to fetch {url}")

    return weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf()


async def html_to_pdf(html: str) -> bytes:
    """Layout takes about 0.1 to 1 s of CPU: done in a worker thread."""
    if not pdf_available():
        raise PdfUnavailable
    return await asyncio.to_thread(_pdf_sync, html)
