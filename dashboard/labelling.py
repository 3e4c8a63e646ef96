"""Editors' labels in the dashboard: who may give one, giving it, the labels shown beside the
machine's, and how far the machine agrees with them (the line on every page).

Labels are written to the store's label file (etl.store.labels), never through the read-only
store versions, and never cached: a label shows at once, in every worker.
"""

import pandas as pd

from dashboard import auth, quality, queries
from etl.store import labels
from etl.store.labels import TASKS, LabelError

__all__ = ["TASKS", "LabelError", "agreement_text", "annotator", "give", "given", "labelled_ids", "signal_texts"]

MIN_OWN = 30  # labels of the store's own before its agreement figure replaces the public one
MAX_NAME = 80
# The public data set each task's figure comes from, when the store has too few labels.
PUBLIC = {
    "sentiment": "one million posts",
    "polarity": "one million posts",
    "stance": "reply",
    "target": "target mentions",
    "moderation": "one million posts",
    "feedback": "one million posts",
}
# The flags whose trust the Moderation page states: the word for each, and its signal column.
SIGNAL_WORDS = {"moderation": ("Needs moderation", "needs_moderation"), "feedback": ("Feedback", "feedback")}
# `polarity`: a pair's first engine scores the polarity every chart of means and the thread's
# cards show; its own sign (±0.1) is measured as a label, as `etl evaluate` measures an engine.
TASK_WORDS = {
    "sentiment": ("Sentiment", "comments"),
    "polarity": ("Polarity", "comments"),
    "stance": ("Reply stance", "replies"),
    "target": ("Stance toward targets", "mentions"),
}
# `target`: only the pages that show or filter by stances toward targets say how far to trust
# them; editors give no such labels, so its figure is always the public one.
TARGET_PAGES = frozenset({"topics", "thread", "comments"})


def annotator(typed_name: str | None) -> str:
    """The name a label is given under: the signed-in user's (editors only), else the name typed
    in the header. LabelError saying what to do otherwise."""
    if auth.sign_in_on():
        user = auth.current_user()
        if user is None:
            raise LabelError("sign in to label")
        if not user.can_edit:
            raise LabelError(f"{user.name} may read but not label: labels need the editor role")
        return user.name
    name = " ".join((typed_name or "").split())[:MAX_NAME]
    if not name:
        raise LabelError("type your name at the top first: every label records who gave it")
    return name


def give(store_dir, comment_id: str, task: str, value: str, typed_name: str | None) -> str:
    """Store one label; the annotator's name (LabelError when it cannot be taken)."""
    who = annotator(typed_name)
    labels.add(store_dir, [(comment_id, task, value)], who)
    return who


def given(store_dir, comment_ids) -> dict:
    """{(comment_id, task): (label, annotator)} of the newest labels of these comments."""
    found = labels.read(store_dir, comment_ids=list(comment_ids))
    return {(r.comment_id, r.task): (r.label, r.annotator) for r in found.itertuples(index=False)}


def labelled_ids(store_dir) -> pd.DataFrame:
    """comment_id of every comment an editor labelled (any task)."""
    return labels.read(store_dir)[["comment_id"]].drop_duplicates()


def agreement_text(reader, quality_file, targets=False) -> str:
    """One line per task: which engine made the labels shown and how well it agrees with people:
    with the store's own editors where they gave at least MIN_OWN labels, else the public figure
    of the quality file, naming its data set. Polarity has a line of its own where another engine
    than the label's scored it (a pair, as the default); with `targets`, the stance toward
    targets too."""
    editor = labels.read(reader.store_dir)
    editor = editor[editor["task"].isin(["sentiment", "stance"])]  # a moderation flag is no machine label
    found, engine = None, None
    version, cursor = reader.snapshot()
    if cursor is not None:
        with cursor:
            found = queries.label_agreement(cursor, editor) if len(editor) else None
            engines = queries.engine_counts(cursor)
        engine = str(engines["sentiment_engine"].iloc[0]) if len(engines) else None
    results = quality.load(quality_file).results
    shown = {"polarity": "+" in (engine or ""), "target": targets}
    tasks = [task for task in TASK_WORDS if shown.get(task, True)]
    return " · ".join(_task_line(task, found, results, engine) for task in tasks)


def _task_line(task, found, results, store_engine):
    word, things = TASK_WORDS[task]
    own = found[found["task"] == task] if found is not None and len(found) else pd.DataFrame()
    engine = _engine_of(own, task, store_engine)
    if len(own) and int(own["n"].sum()) >= MIN_OWN:
        n, same = int(own["n"].sum()), int(own["n_same"].sum())
        # What the agreement must beat: always answering the label the editors gave most (the first of a tie).
        given = own.groupby("label")["n"].sum()
        label = given.idxmax()
        return (
            f"{word} by {engine}: agrees with your editors on {same / n:.0%} of {n:,} labelled {things}; "
            f"always answering “{quality.label_name(label)}” would agree on {given[label] / n:.0%}"
        )
    public = _public_figure(results, task, engine)
    if public is None:
        return f"{word} by {engine}: not measured against people yet"
    n_own = f" (your editors: {int(own['n'].sum())} labelled, {MIN_OWN} needed)" if len(own) else ""
    return (
        f"{word} by {engine}: right on {public['accuracy']:.0%} of {int(public['n']):,} {things} people "
        f"labelled in {public['dataset']} (macro-F1 {public['macro_f1']:.2f}){n_own}{_baseline(public)}"
    )


def _baseline(public):
    # What the figures must beat: always answering the commonest label people gave.
    label, share, f1 = public.get("majority_label"), public.get("majority_accuracy"), public.get("majority_f1")
    if not label or pd.isna(share) or pd.isna(f1):
        return ""
    return f"; always answering “{quality.label_name(label)}” would be right on {share:.0%} (macro-F1 {f1:.2f})"


def signal_texts(reader, quality_file) -> dict:
    """{task: line} for the Moderation page's moderation and feedback flags: which engine made
    them and how far to trust them: the share of its flags the store's editors confirmed, once
    they judged at least MIN_OWN; else how much of what people marked in the quality file's data
    set the engine finds (recall) and how many of its flags are right (precision)."""
    judged = labels.read(reader.store_dir)
    judged = judged[judged["task"].isin(list(SIGNAL_WORDS))]
    engine = None
    version, cursor = reader.snapshot()
    if cursor is not None:
        with cursor:
            engine = queries.signals_engine(cursor)
    figures = quality.load(quality_file).signals
    return {task: _signal_line(task, judged, figures, engine) for task in SIGNAL_WORDS}


def _signal_line(task, judged, figures, store_engine):
    word, column = SIGNAL_WORDS[task]
    engine = _signal_engine(store_engine, column)
    said = judged.loc[judged["task"] == task, "label"]
    if len(said) >= MIN_OWN:
        share = (said == "confirm").mean()
        return f"{word} by {engine}: your editors confirmed {share:.0%} of {len(said):,} flags they judged"
    rows = figures[(figures["task"] == task) & (figures["engine"] == engine)]
    closest = rows[rows["dataset"].str.lower().str.contains(PUBLIC[task])]
    row = (closest if len(closest) else rows).head(1)
    n_own = f" (your editors: {len(said)} judged, {MIN_OWN} needed)" if len(said) else ""
    if row.empty:
        return f"{word} by {engine}: not measured against people yet{n_own}"
    row = row.iloc[0]
    return (
        f"{word} by {engine}: finds {row['recall']:.0%} of the {int(row['n_yes']):,} comments people marked in "
        f"{row['dataset']}; {row['precision']:.0%} of its flags are right (threshold {row['threshold']:g}){n_own}"
    )


def _signal_engine(store_engine, column):
    """The engine of one signal: a model the store uses for it (named in the signals engine as
    "+COLUMN:FILE@HASH"), else the rules (the name's first part)."""
    if not store_engine:
        return "rules-v1"
    rules, *models = store_engine.split("+")
    chosen = [model.split(":", 1)[1] for model in models if model.startswith(f"{column}:")]
    return "model:" + chosen[0].rsplit("@", 1)[0] if chosen else rules  # as `evaluate --model` names it


def _engine_of(own, task, store_engine):
    if len(own):
        return str(own.groupby("engine")["n"].sum().idxmax())
    if task in ("stance", "target"):
        return "cues"
    if task == "polarity":
        return store_engine.split("+")[0]
    return store_engine or "no engine yet"


def _public_figure(results, task, engine):
    """The quality file's row for this task and engine on the data set closest to news comments."""
    if results is None or results.empty:
        return None
    label_engine = engine.rsplit("+", 1)[-1]  # a pair's label comes from its second engine
    rows = results[results["engine"] == label_engine]
    if task == "stance":  # a reply toward its parent; stance toward a question is another task
        rows = rows[rows["task"].str.contains("repl") | rows["dataset"].str.lower().str.contains("repl")]
    elif task == "target":  # named targets only: x-stance's questions are judged by other rules
        rows = rows[(rows["task"] == "stance toward a target") & rows["dataset"].str.lower().str.contains(PUBLIC[task])]
    else:  # an engine's polarity is measured by the labels its sign gives
        rows = rows[rows["task"] == "sentiment"]
    closest = rows[rows["dataset"].str.lower().str.contains(PUBLIC[task])]
    rows = closest if len(closest) else rows
    return None if rows.empty else rows.iloc[0]
