"""Stance: how a reply stands to its parent, and how a comment stands to a named target.

`classify_replies(comments, polarity_of=None)` needs `comment_id, parent_id, text` and `polarity`
(may be NA or absent) and adds `stance` (agree / disagree / neutral for replies, NA for top level)
and `stance_evidence` (which cues decided, in words a moderator can read). It reads the replies'
own words from `own_text` when the frame has it (`quotes.own_texts` of a frame holding the
parents, which `checks.texts_to_score` reads too), else finds them itself.

`target_stance(comments, targets)` needs `comment_id, text` (and keeps `article_id` when present)
and returns a new frame, one row per (comment, target it mentions), columns `TARGET_STANCES`:
stance favor / against / none toward the target, from the sentences that mention it.

Both are rule-based, deterministic and explainable: weighted German cue lexicons, negation, and
for replies the polarity of reply and parent as a weak signal. `REPLY_ENGINES` and
`TARGET_ENGINES` name the engines for the evaluation harness (`predict(texts, others)`).

The modules, in the order they build on each other:
- `prefixes`: what a regex's matches can start with (speeds up the cue regex);
- `cues`: the `Cue` record, the one-scan cue regex and its scanner with negation, text helpers;
- `reply_cues`: the reply → parent cue lexicon (data);
- `quote_rebut`: a reply that repeats the parent's words and then contrasts them;
- `replies`: `classify_replies` and its engine `CueStance`;
- `word_polarity`: the polarity lexicon (textblob-de's plus our own words) for target stance;
- `targets`: `target_stance`, stance toward a named target;
- `questions`: stance toward a question or claim, and the target engine `CueTargetStance`.
"""

from etl.stance.questions import CueTargetStance
from etl.stance.replies import CueStance, classify_replies
from etl.stance.reply_cues import REPLY_CUES
from etl.stance.targets import TARGET_STANCES, target_stance
from etl.stance.word_polarity import polarity_lexicon

REPLY_ENGINES = {"cues": CueStance}
TARGET_ENGINES = {"cues": CueTargetStance}

__all__ = [
    "REPLY_CUES",
    "REPLY_ENGINES",
    "TARGET_ENGINES",
    "TARGET_STANCES",
    "CueStance",
    "CueTargetStance",
    "classify_replies",
    "polarity_lexicon",
    "target_stance",
]
