"""The exact textblob-de engine (`FastTextBlobDE`, the default) and the per-text reference it is
tested and benchmarked against (`ReferenceTextBlobDE`). `engine` assembles the steps: `tokens`,
`tagger`, `lemmas`, `lexicon`."""

from etl.sentiment.textblob.engine import FastTextBlobDE
from etl.sentiment.textblob.reference import ReferenceTextBlobDE

__all__ = ["FastTextBlobDE", "ReferenceTextBlobDE"]
