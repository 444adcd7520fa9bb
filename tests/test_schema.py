import json

from schemas.export import SCHEMA_FILE, schema_json
from schemas import Extraction
from tests.conftest import ROOT


def test_committed_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), "run: python -m schemas.export"


def test_output_files_validate():
    for path in sorted((ROOT / "output").glob("*.json")):
        extraction = Extraction.model_validate_json(path.read_text(encoding="utf-8"))
        assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == extraction.schema_version
