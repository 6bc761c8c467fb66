"""Downloads of a municipality's programme record: XLSX, a CSV zip, JSON and a
PDF summary, each a pure function of the assembled record (schema
"facilitate.record/1", made by facilitate/record.py's `assemble`).

    PACKS[name] = (build, mimetype, extension)

The caller picks one module or the whole programme (`record.only_module`)
before building; every build is correct for a record with nothing filed yet.
Text people read in the files is bokmål, kept in labels.py.
"""

from __future__ import annotations

from . import csv_zip, json_export, pdf, xlsx

PACKS = {
    "xlsx": (xlsx.build, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "xlsx"),
    "csv": (csv_zip.build, "application/zip", "zip"),
    "json": (json_export.build, "application/json", "json"),
    "pdf": (pdf.build, "application/pdf", "pdf"),
}

__all__ = ["PACKS", "csv_zip", "json_export", "pdf", "xlsx"]
