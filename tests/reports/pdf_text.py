"""The text of a PDF, page by page, as poppler's pdftotext reads it (test helper)."""

import shutil
import subprocess
import tempfile
from pathlib import Path


def pdf_pages(pdf: bytes) -> list[str]:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is required: install Debian's poppler-utils"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            [tool, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=120
        ).stdout.decode()
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
