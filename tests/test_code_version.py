"""The analysis cache's code version follows the source, and nothing else."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import impp

VERSION = "from impp.cache import code_version; print(code_version())"


def _version(src: Path) -> str:
    r = subprocess.run([sys.executable, "-c", VERSION], capture_output=True, text=True,
                       env={"PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"},
                       check=True)
    return r.stdout.strip()


def test_an_edit_to_a_source_file_changes_it_compiled_files_do_not(tmp_path: Path) -> None:
    package = Path(impp.__file__).parent
    shutil.copytree(package, tmp_path / "impp",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    first = _version(tmp_path)
    assert first == _version(tmp_path)
    (tmp_path / "impp" / "__pycache__").mkdir(exist_ok=True)
    (tmp_path / "impp" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    (tmp_path / "impp" / "notes.txt").write_text("not code", encoding="utf-8")
    assert _version(tmp_path) == first
    catalogue = tmp_path / "impp" / "process" / "impp.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n# edited\n",
                         encoding="utf-8")
    edited = _version(tmp_path)
    assert edited != first
    module = tmp_path / "impp" / "fmt.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _version(tmp_path) not in (first, edited)
