"""Where the tests find their data: this repository's fixtures, the bundled sample data (package
data of etl), and the real data sets beside the repository (../shared/data, when present)."""

from pathlib import Path

from etl.config import RESOURCES

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLE = RESOURCES / "sample"
SEED = SAMPLE / "000_518b30fc2f11fa18.txt"
SHARED = ROOT.parent / "shared" / "data"
