"""Benchmark the dashboard at one million comments: every callback's median and 95th percentile.

    .venv/bin/python bench/dashboard.py                 # 1M comments, 20 repeats
    .venv/bin/python bench/dashboard.py --n 100000 --repeat 5 --store /tmp/small

The store is built once, without the ETL, straight in DuckDB SQL (deterministic hash-based values:
~20,000 articles over two years, heavy-tailed comment counts, reply trees, ~85-word German texts
drawn from a few hundred sentences, stances, topics from the bundled topics file, target stances, runs)
and published through etl.store like any run's. It is cached: the next call reuses it.

Then every server callback of the app is called as the browser calls it (Flask test client posting
to `/_dash-update-component` with the real payloads), for each page with the default filters and a
few typical ones, each `--repeat` times, twice: with the reader's result cache off ("cold": what a
user waits for on a new filter) and on ("warm": the same view again, another tab, the refresh
timer). Last, the streamed CSV downloads: the articles table, the largest thread, all comments
(`--no-stream` skips them). Figures go in docs/performance-dashboard.md.
"""

import argparse
import hashlib
import itertools
import json
import random
import re
import statistics
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is named like the package it measures: look for `dashboard` in the project, not here.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from etl import store  # noqa: E402
from etl.config import DEFAULT_TOPICS  # noqa: E402

GENERATOR = "v4"  # bump when the generated data or the index format changes: the cache folder is named after it
START = "2023-06-01 06:00:00+00"
DAYS = 730
TARGETS = ["China", "USA", "Apple", "Alibaba", "EU", "Russland", "Trump", "Google", "Tesla", "Deutsche Bahn"]

SUBJECTS = [
    "Die Regierung",
    "Das Unternehmen",
    "Der neue Tarif",
    "Die Studie",
    "Das Update",
    "Die Kommission",
    "Der Konzern",
    "Die Bahn",
    "Das Gesetz",
    "Die Partei",
    "Der Minister",
    "Die Stadt",
    "Das neue Smartphone",
    "Die Plattform",
    "Der Verband",
    "Die EU",
    "China",
    "Die USA",
    "Apple",
    "Der Klimaschutz",
    "Das Tempolimit",
    "Die Wärmepumpe",
    "Die Ampel",
    "Die Rente",
    "Die KI",
]
VERBS = ["ist", "wirkt", "bleibt", "scheint", "wäre"]
ADVERBS = ["wirklich", "leider", "eigentlich", "ziemlich", "sehr", "kaum", "nicht", "absolut", "einfach"]
ADJECTIVES = [
    "gut",
    "schlecht",
    "richtig",
    "falsch",
    "toll",
    "furchtbar",
    "wichtig",
    "gefährlich",
    "interessant",
    "enttäuschend",
    "lächerlich",
    "hervorragend",
    "naiv",
    "vernünftig",
    "peinlich",
    "teuer",
    "fair",
    "unfair",
    "sinnvoll",
    "überflüssig",
]
FILLERS = [
    "Ich habe den Artikel zweimal gelesen und bin mir trotzdem nicht sicher.",
    "Man muss das im Zusammenhang mit den letzten Jahren sehen.",
    "Die Zahlen im Text sprechen eigentlich eine klare Sprache.",
    "Wer das anders sieht, sollte die Quellen noch einmal prüfen.",
    "In meinem Umfeld wird darüber seit Wochen diskutiert.",
    "Am Ende zahlen wieder die Verbraucher die Rechnung dafür.",
    "Mal sehen, was in einem halben Jahr davon übrig ist.",
    "Das hätte man vor zehn Jahren schon anpacken müssen.",
    "Die Redaktion hätte hier ruhig genauer nachfragen können.",
    "Mich würde interessieren, wer das am Ende bezahlen soll.",
]
REPLIES = [
    "Sehe ich genauso.",
    "Das stimmt nicht.",
    "Unsinn!",
    "Ja, aber das ist nur die halbe Wahrheit.",
    "Danke für den Hinweis.",
    "Wo steht das im Artikel?",
    "=Quelle? Bitte belegen.",
    "Genau so ist es.",
]
TITLE_HEADS = [
    "Streit um",
    "Neue Regeln für",
    "Was bedeutet",
    "Analyse:",
    "Kommentar:",
    "Debatte über",
    "Zahlen zu",
    "Wie weiter mit",
]
TITLE_TOPICS = [
    "das Tempolimit",
    "die Wärmepumpe",
    "Chinas KI-Offensive",
    "die Rente",
    "den Datenschutz",
    "die Bahn",
    "Apples neues iPhone",
    "die Mietpreisbremse",
    "die Migrationspolitik",
    "die Energiewende",
    "TikTok",
    "den Ukraine-Krieg",
    "die Schuldenbremse",
    "das Bürgergeld",
    "die Europawahl",
]


def sentences(count=360, seed=7):
    """A few hundred distinct German sentences of about twelve words (a comment takes seven)."""
    rng = random.Random(seed)
    bank = set()
    while len(bank) < count:
        claim = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ADVERBS)} {rng.choice(ADJECTIVES)}."
        bank.add(claim + " " + rng.choice(FILLERS) if rng.random() < 0.8 else claim)
    return sorted(bank)


def topic_names():
    """The topics of the project's topics file, in its order."""
    with open(DEFAULT_TOPICS, "rb") as handle:
        return list(tomllib.load(handle)["topics"])


def _u(salt, key="i"):
    """SQL for a deterministic pseudo-random number in [0, 1) from `key` and a salt."""
    return f"(hash({key}, '{salt}') % 1000003) / 1000003.0"


def _pick(names, salt, key="i"):
    """SQL choosing one of `names` (a VARCHAR[] parameter bound as $name) by hash."""
    return f"{names}[1 + CAST(hash({key}, '{salt}') % len({names}) AS INTEGER)]"


ARTICLES_SQL = f"""
CREATE TEMP TABLE gen_articles AS
WITH drawn AS (
    -- Heavy-tailed comment counts (most articles draw a few dozen, some thousands), scaled so
    -- that they add up to about $n.
    SELECT k, least(3000, 0.5 / sqrt(1 - {_u("size", "k")})) AS weight FROM range($n_articles) r(k))
SELECT k, printf('art-%05d', k) AS article_id,
       TIMESTAMPTZ '{START}' + to_seconds(CAST(k * ({DAYS} * 86400 // $n_articles)
                                         + hash(k, 'pub') % 7200 AS BIGINT)) AS published_at,
       greatest(1, ceil(weight * $n / sum(weight) OVER ())) AS size,
       {_pick("$topics", "t1", "k")} AS topic1,
       CASE WHEN {_u("t2?", "k")} < 0.5 THEN {_pick("$topics", "t2", "k")} END AS topic2,
       {_pick("$heads", "head", "k")} || ' ' || {_pick("$title_topics", "tt", "k")}
           || ' (' || k || ')' AS title,
       {_u("mood", "k")} AS mood
FROM drawn
"""

# Reply trees by construction: in each article, a comment starts a thread with probability 0.45;
# the j-th comment after a thread's root replies at depth 1 + ctz(j), to the comment 2^(ctz(j)-1)
# places before it (which sits one level higher), or to the root. Depths fall off like real ones.
COMMENTS_SQL = f"""
CREATE TEMP TABLE gen_comments AS
WITH slots AS (
    SELECT k, unnest(range(CAST(size AS BIGINT))) AS p FROM gen_articles),
numbered AS (
    SELECT k, p, row_number() OVER (ORDER BY k, p) - 1 AS i FROM slots),
rooted AS (
    SELECT k, p, i, max(CASE WHEN p = 0 OR {_u("root")} < 0.45 THEN p END)
                    OVER (PARTITION BY k ORDER BY p ROWS UNBOUNDED PRECEDING) AS root_p
    FROM numbered WHERE i < $n),
shaped AS (
    SELECT *, p - root_p AS j,
           CASE WHEN p = root_p THEN 0
                ELSE 1 + CAST(log2((p - root_p) & -(p - root_p)) AS INTEGER) END AS depth
    FROM rooted)
SELECT s.i, s.k, s.p, s.depth, s.root_p, a.article_id, a.published_at, a.topic1, a.topic2, a.mood,
       CASE WHEN s.depth = 0 THEN NULL WHEN s.depth = 1 THEN s.i - s.j
            ELSE s.i - (1 << (s.depth - 2)) END AS parent_i,
       {_u("sent")} AS u_sent, {_u("pol")} AS u_pol
FROM shaped s JOIN gen_articles a USING (k)
"""

SENTIMENT = (
    "CASE WHEN u_sent < 0.22 + 0.16 * mood THEN 'negative' "
    "WHEN u_sent < 0.62 + 0.08 * mood THEN 'neutral' ELSE 'positive' END"
)
STANCE = f"""CASE WHEN depth = 0 THEN NULL WHEN {_u("st")} < 0.22 THEN 'agree'
                  WHEN {_u("st")} < 0.57 THEN 'disagree' ELSE 'neutral' END"""

INSERT_COMMENTS_SQL = f"""
INSERT INTO comments BY NAME
SELECT 'c' || i AS comment_id, article_id,
       CASE WHEN parent_i IS NOT NULL THEN 'c' || parent_i END AS parent_id,
       'c' || (i - (p - root_p)) AS root_id, depth, p + 1 AS position,
       'leser' || (hash(i, 'author') % 40000) AS author,
       CASE WHEN {_u("untimed")} < 0.002 THEN NULL
            ELSE published_at + to_seconds(CAST(p * 180 + hash(i, 'sec') % 180 AS BIGINT))
       END AS created_at,
       CASE WHEN {_u("short")} < 0.08 THEN {_pick("$replies", "reply")}
            ELSE array_to_string(list_transform(range(7),
                     lambda x: $bank[1 + CAST(hash(i, x) % len($bank) AS INTEGER)]), ' ')
       END AS text,
       CASE sentiment WHEN 'negative' THEN -round(0.05 + 0.9 * u_pol * u_pol, 3)
                      WHEN 'positive' THEN round(0.05 + 0.9 * u_pol * u_pol, 3) ELSE 0.0 END AS polarity,
       round({_u("subj")}, 3) AS subjectivity, sentiment, stance,
       CASE WHEN {_u("extra")} < 0.2 THEN concat_ws(';', topic1, topic2, {_pick("$topics", "x")})
            ELSE concat_ws(';', topic1, topic2) END AS topics,
       CASE WHEN {_u("status")} < 0.025 THEN 'deleted' ELSE 'published' END AS status,
       'bench' AS source, coalesce(r.n_replies, 0) AS n_replies,
       CASE stance WHEN 'agree' THEN 'agree: "Sehe ich genauso" (agreement)'
                   WHEN 'disagree' THEN 'disagree: "Das stimmt nicht" (disagreement); polarity '
                                        || 'reply -0.40 vs parent +0.50 (opposite leans)'
                   WHEN 'neutral' THEN 'neutral: no clear cue' END AS stance_evidence,
       'de' AS language, NULL AS flags,
       CAST(hash(i, 'up') % 40 AS BIGINT) AS positive_votes,
       CAST(hash(i, 'down') % 25 AS BIGINT) AS negative_votes,
       i AS seq, 'textblob-de' AS sentiment_engine,
       round(power({_u("mod")}, 4), 3) AS needs_moderation,
       CASE WHEN {_u("mod")} > 0.84 THEN 'insult: "Trottel" (0.60)' END AS moderation_reasons,
       round(power({_u("fb")}, 6), 3) AS feedback,
       CASE WHEN {_u("fb")} > 0.89 THEN 'question to the newsroom: "Liebe Redaktion" (0.60)' END
           AS feedback_reasons,
       round(power({_u("arg")}, 2), 3) AS argument,
       CASE WHEN {_u("arg")} > 0.71 THEN 'reason: "weil" (0.50)' END AS argument_reasons,
       'rules-v1' AS signals_engine
FROM (SELECT *, {SENTIMENT} AS sentiment, {STANCE} AS stance FROM gen_comments) g
LEFT JOIN (SELECT parent_i AS i, count(*) AS n_replies FROM gen_comments
           WHERE parent_i IS NOT NULL GROUP BY 1) r USING (i)
ORDER BY i
"""

INSERT_ARTICLES_SQL = """
INSERT INTO articles BY NAME
SELECT g.article_id, 'bench' AS source, 'https://bench.example/' || g.article_id AS url, g.title,
       'Redaktion' AS author, g.published_at, concat_ws(';', g.topic1, g.topic2) AS topics,
       coalesce(s.n_comments, 0) AS n_comments, s.mean_polarity, coalesce(s.n_replies, 0) AS n_replies,
       s.max_depth, coalesce(s.n_negative, 0) AS n_negative, coalesce(s.n_neutral, 0) AS n_neutral,
       coalesce(s.n_positive, 0) AS n_positive, s.first_comment_at, s.last_comment_at,
       'Der Artikel zu ' || g.title || ' fasst die Debatte zusammen.' AS body,
       concat_ws(';', g.topic1, g.topic2) AS source_topics, g.topic1 AS section
FROM gen_articles g LEFT JOIN (
    SELECT article_id, count(*) AS n_comments, avg(polarity) AS mean_polarity,
           count(*) FILTER (depth > 0) AS n_replies, max(depth) AS max_depth,
           count(*) FILTER (sentiment = 'negative') AS n_negative,
           count(*) FILTER (sentiment = 'neutral') AS n_neutral,
           count(*) FILTER (sentiment = 'positive') AS n_positive,
           min(created_at) AS first_comment_at, max(created_at) AS last_comment_at
    FROM comments WHERE status = 'published' GROUP BY article_id) s USING (article_id)
ORDER BY g.k
"""

INSERT_TARGETS_SQL = f"""
INSERT INTO target_stances
SELECT comment_id, article_id, {_pick("$targets", "target", "seq")} AS target,
       CASE WHEN {_u("ts", "seq")} < 0.3 THEN 'favor' WHEN {_u("ts", "seq")} < 0.7 THEN 'against'
            ELSE 'none' END AS stance,
       round(2 * {_u("score", "seq")} - 1, 2) AS score, 'bench: ' || {_pick("$targets", "target", "seq")}
FROM comments WHERE {_u("mentions", "seq")} < 0.12
"""

# The runs name the bundled topics file and the engines a run would use, so that a run on this
# store (bench/refresh.py) analyses only what it brings, as on a store the ETL wrote.
INSERT_RUNS_SQL = """
INSERT INTO runs (run_id, started_at, finished_at, status, inputs, n_read, n_loaded, n_rejected,
                  error, command, n_new, n_changed, n_scored, n_removed, sentiment_engine, topics_hash,
                  signals_engine)
SELECT 'bench-' || r, TIMESTAMPTZ '2025-06-01 02:00:00+00' + to_days(CAST(r AS INTEGER)),
       TIMESTAMPTZ '2025-06-01 02:40:00+00' + to_days(CAST(r AS INTEGER)), 'ok', 'bench',
       $n, $n, 0, '', CASE WHEN r = 0 THEN 'run' ELSE 'refresh' END, 0, 0, 0, 0, 'textblob-de',
       $topics_hash, 'rules-v1'
FROM range(3) t(r)
"""


def build_store(store_dir, n, n_articles):
    """Publish a store of `n` generated comments over `n_articles` articles in `store_dir`."""
    params = {
        "n": n,
        "n_articles": n_articles,
        "topics": topic_names(),
        "heads": TITLE_HEADS,
        "title_topics": TITLE_TOPICS,
        "replies": REPLIES,
        "bank": sentences(),
        "targets": TARGETS,
        "topics_hash": hashlib.sha1(Path(DEFAULT_TOPICS).read_bytes()).hexdigest()[:16],
    }

    def run(con, sql):
        used = {name: value for name, value in params.items() if re.search(rf"\${name}\b", sql)}
        con.execute(sql, used)

    with store.write_lock(store_dir), store.new_version(store_dir) as con:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET enable_progress_bar = false")
        for sql in (
            ARTICLES_SQL,
            COMMENTS_SQL,
            INSERT_COMMENTS_SQL,
            INSERT_ARTICLES_SQL,
            INSERT_TARGETS_SQL,
            INSERT_RUNS_SQL,
        ):
            run(con, sql)
        made = con.execute("SELECT count(*) FROM comments").fetchall()[0][0]
        if made != n:
            raise RuntimeError(f"generated {made} comments, not {n}: raise the mean article size")
    # A version that changes nothing: its settled segments merged (etl.store.segments), as the first
    # run after a store is built whole would do, so that the benchmarks measure the store as it
    # stays.
    with store.write_lock(store_dir), store.new_version(store_dir, whole=False):
        pass


def ensure_store(store_dir, n, n_articles):
    """The cached store for these sizes, built first if missing; its folder."""
    store_dir = Path(store_dir or f"/tmp/diskurs-bench-{GENERATOR}-{n}-{n_articles}")
    if store.current_path(store_dir) is None:
        started = time.perf_counter()
        build_store(store_dir, n, n_articles)
        print(f"built {store_dir} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return store_dir


# --- calling the callbacks as the browser does ---------------------------------------------------


def _id(component_id):
    """A callback_map id as the browser sends it: dict ids are JSON in the map."""
    return json.loads(component_id) if component_id.startswith("{") else component_id


def _outputs(key):
    """The outputs named in a callback_map key ("id.prop" or "..id.prop...id.prop..")."""
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    return [{"id": _id(part.rsplit(".", 1)[0]), "property": part.rsplit(".", 1)[1]} for part in parts]


def server_callbacks(app):
    """(name, callback_map entry) of every server callback (clientside ones run in the browser)."""
    return [
        (key if not key.startswith("..") else key.strip(".").split("...")[0] + " +", dict(entry, key=key))
        for key, entry in app.callback_map.items()
        if "callback" in entry
    ]


class Scenario:
    """Values of the controls for one benchmark case: the global filters, and what else the
    callbacks read (search, granularity, thread article, grid block)."""

    def __init__(
        self, name, version, filters=None, search=None, article=None, granularity="day", block=(0, 50), choices=None
    ):
        from dashboard import filters as ui_filters

        self.name, self.version, self.search, self.article = name, version, search, article
        self.choices = choices or {}  # a page's own controls kept in the URL, by name (target, …)
        self.granularity, self.block = granularity, block
        values = [(filters or {}).get(name) for _, _, name in ui_filters.FILTER_PROPS]
        self.filter_values = dict(zip([(c, p) for c, p, _ in ui_filters.FILTER_PROPS], values))
        self.page_data = ui_filters.page_filters_data(version, values)

    def value(self, component_id, prop):
        """What the browser sends for one input or state."""
        from dashboard import ids

        if isinstance(component_id, dict) and component_id.get("type") == ids.PAGE_FILTERS:
            return self.page_data
        from dashboard.queries import thread as threads

        fixed = [
            ((ids.TIME_GRANULARITY, "value"), self.granularity),
            ((ids.COMMENTS_SEARCH, "value"), self.search),
            ((ids.COMMENTS_GRID, "getRowsRequest"), {"startRow": self.block[0], "endRow": self.block[1]}),
            (
                (ids.ARTICLES_GRID, "getRowsRequest"),
                {
                    "startRow": self.block[0] // 100,
                    "endRow": self.block[0] // 100 + 20,
                    "sortModel": [{"colId": "mean_polarity", "sort": "asc"}] if self.block[0] else [],
                },
            ),
            ((ids.FILTER_ARTICLES, "search_value"), self.search),
            ((ids.THREAD_ARTICLE, "search_value"), self.search),
            ((ids.THREAD_ARTICLE, "value"), self.article),
            ((ids.THREAD_STATE, "data"), threads.page_state(article=self.article)),
            ((ids.REFRESH_TIMER, "n_intervals"), 1),
            ((ids.DATA_VERSION, "data"), None),  # a browser's first load: the full header refresh
        ]
        fixed = {(_hashable(component), prop): value for (component, prop), value in fixed}
        if (_hashable(component_id), prop) in fixed:
            return fixed[(_hashable(component_id), prop)]
        if isinstance(component_id, dict) and component_id.get("type") == ids.URL_PARAM:
            if component_id["name"] in self.choices:
                return self.choices[component_id["name"]]
            return [] if component_id["kind"] == "list" else component_id["default"]  # as the URL left it
        if (component_id, prop) in self.filter_values:
            return self.filter_values[(component_id, prop)]
        if prop == "n_clicks":
            return 1
        return None


def _hashable(component_id):
    """A component id as a dict key: a dict id (ids.url_param) as its JSON."""
    return json.dumps(component_id, sort_keys=True) if isinstance(component_id, dict) else component_id


def _wildcard(component_id):
    """Whether an id matches components by pattern (ALL, MATCH), other than the page filters'."""
    component_id = _id(component_id) if isinstance(component_id, str) else component_id
    if not isinstance(component_id, dict):
        return False
    from dashboard import ids

    pattern = any(isinstance(value, list) or value in ("ALL", "MATCH", "ALLSMALLER") for value in component_id.values())
    return pattern and component_id.get("type") != ids.PAGE_FILTERS


def payload(entry, scenario, pages):
    """The JSON body of `/_dash-update-component` for one callback in one scenario."""

    def item(spec):
        component_id = _id(spec["id"])
        if isinstance(component_id, dict) and "ALL" in json.dumps(component_id):
            # The header's copy of the filters into every page's store (pattern-matching ALL).
            return [
                {
                    "id": {**component_id, "page": page},
                    "property": spec["property"],
                    "value": {"page": page, "type": component_id["type"]} if spec["property"] == "id" else None,
                }
                for page in pages
            ]
        return {
            "id": component_id,
            "property": spec["property"],
            "value": scenario.value(component_id, spec["property"]),
        }

    outputs = _outputs(entry["key"])
    specs = [*outputs, *entry["inputs"], *entry["state"]]
    if any(_wildcard(spec["id"]) for spec in specs):
        return None  # controls the browser lists itself (url_state, label buttons): not measured here
    if any(isinstance(o["id"], dict) and "ALL" in json.dumps(o["id"]) for o in outputs):
        outputs = [[{"id": {**o["id"], "page": page}, "property": o["property"]} for page in pages] for o in outputs]
    inputs = [item(spec) for spec in entry["inputs"]]
    first = entry["inputs"][0]
    return {
        "output": entry["key"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": [item(spec) for spec in entry["state"]],
        "changedPropIds": [f"{first['id']}.{first['property']}"],
    }


def call(client, body):
    """Seconds one callback takes through Dash's endpoint, response included."""
    started = time.perf_counter()
    response = client.post("/_dash-update-component", json=body)
    data = response.get_data()
    seconds = time.perf_counter() - started
    if response.status_code not in (200, 204):
        raise RuntimeError(f"{body['outputs']}: HTTP {response.status_code}: {data[:300]!r}")
    return seconds


def applies(name, scenario):
    """Whether a callback reads what the scenario changes (the search only reaches the comments
    page; the thread page reads only its article; quality reads no filter)."""
    if scenario.search:
        return name.startswith(("comments-", "filter-articles", "thread-article"))
    if scenario.choices:  # the Comments page's own choices
        return name.startswith("comments-")
    if name.startswith(("thread-", "quality-")) and scenario.name != "default":
        return name.startswith("thread-") and scenario.name == "one article"
    return True


def scenarios(reader):
    """Default filters and the typical ones: one article, one topic, a date range, negative
    sentiment, a search word, one target with one stance toward it (the Comments page only)."""
    from dashboard import queries

    version = reader.version
    articles = reader.query(queries.article_options)
    top = str(articles["article_id"].iloc[0])
    typical = str(articles["article_id"].iloc[len(articles) // 20])
    bounds = reader.query(queries.date_bounds)
    last = bounds["last_day"].iloc[0]
    first = last - __import__("datetime").timedelta(days=90)
    return [
        Scenario("default", version, article=top),
        Scenario("one article", version, {"articles": [typical]}, article=typical),
        Scenario("one topic", version, {"topics": ["China"]}, article=top),
        Scenario(
            "90 days", version, {"start": first.isoformat(), "end": last.isoformat()}, article=top, granularity="week"
        ),
        Scenario("negative", version, {"sentiments": ["negative"]}, article=top),
        Scenario("search", version, search="Wärmepumpe", article=top),  # also typed in pickers
        # The Topics page's "For or against?" chart clicked: one target, one stance toward it.
        Scenario("one target", version, article=top, choices={"target": "China", "target_stance": "against"}),
        Scenario("deep page", version, block=(20_000, 20_050), article=top),
    ]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(app, reader, repeat, only=None, cold=True):
    """{callback: {scenario: [seconds, ...]}} over every server callback and scenario."""
    import dash

    pages = [page["module"].rsplit(".", 1)[-1] for page in dash.page_registry.values()]
    client = app.server.test_client()
    results = {}
    cases = scenarios(reader)
    for name, entry in server_callbacks(app):
        if only and not any(word in name for word in only):
            continue
        for scenario in cases:
            if scenario.name == "deep page" and not name.startswith(("comments-grid", "articles-grid")):
                continue
            if not applies(name, scenario):
                continue
            body = payload(entry, scenario, pages)
            if body is None:
                print(f"  {name}: not measured (pattern-matching ids)", file=sys.stderr)
                break
            call(client, body)  # a first call: imports, plans, the OS page cache
            times = []
            for _ in range(repeat):
                if cold:
                    reader.clear_cache()
                times.append(call(client, body))
            results.setdefault(name, {})[scenario.name] = times
        if name in results:
            every = list(itertools.chain.from_iterable(results[name].values()))
            print(
                f"  {'cold' if cold else 'warm'} {name}: median {statistics.median(every) * 1000:.0f} ms",
                file=sys.stderr,
            )
    return results


def stream_export(app, path="/download/comments.csv"):
    """(seconds, bytes, rows) of streaming a CSV download (all comments by default)."""
    client = app.server.test_client()
    started = time.perf_counter()
    response = client.get(path, buffered=False)
    if response.status_code != 200:
        return float("nan"), 0, 0
    size = lines = 0
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return time.perf_counter() - started, size, lines


def table(cold, warm):
    """Markdown rows: callback, cold median/p95, warm median/p95, the slowest case (cold)."""
    lines = [
        "| callback | cold median ms | cold p95 ms | warm median ms | warm p95 ms | slowest case (cold median ms) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, cases in cold.items():
        every = list(itertools.chain.from_iterable(cases.values()))
        warm_every = list(itertools.chain.from_iterable(warm.get(name, {}).values())) or [0]
        worst = max(cases, key=lambda case: statistics.median(cases[case]))
        lines.append(
            f"| {name} | {statistics.median(every) * 1000:.0f} | {percentile(every, 0.95) * 1000:.0f}"
            f" | {statistics.median(warm_every) * 1000:.0f} | "
            f"{percentile(warm_every, 0.95) * 1000:.0f} | "
            f"{worst} ({statistics.median(cases[worst]) * 1000:.0f}) |"
        )
    return "\n".join(lines)


def print_table_exports(app, reader, repeat=5):
    """Median time of the articles table's and the largest thread's streamed CSVs, uncached."""
    from dashboard import queries

    largest = reader.query(queries.article_options)["article_id"].iloc[0]
    for label, path in (
        ("articles table", "/download/articles.csv"),
        ("largest thread", f"/download/thread.csv?article={largest}"),
    ):
        runs = []
        for _ in range(repeat):
            reader.clear_cache()
            runs.append(stream_export(app, path))
        seconds = statistics.median(run[0] for run in runs)
        print(
            f"\nStreamed CSV of the {label}: {seconds * 1000:.0f} ms median of {repeat}, "
            f"{runs[0][2] - 1:,} rows, {runs[0][1] / 1e6:.1f} MB"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="comments (default 1,000,000)")
    parser.add_argument("--articles", type=int, default=20_000, help="articles (default 20,000)")
    parser.add_argument("--store", help="store folder (default /tmp/diskurs-bench-…)")
    parser.add_argument("--repeat", type=int, default=20, help="calls per callback and case")
    parser.add_argument("--only", nargs="*", help="callbacks whose name contains one of these")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm (cached) round")
    parser.add_argument(
        "--no-stream", action="store_true", help="skip the streamed CSV of all comments (about two minutes)"
    )
    parser.add_argument("--json", help="also write the raw timings here")
    args = parser.parse_args(argv)

    from dashboard.app import create_app
    from dashboard.reader import StoreReader
    from etl.config import Settings

    store_dir = ensure_store(args.store, args.n, args.articles)
    reader = StoreReader(store_dir)
    app = create_app(Settings(store_dir=store_dir), reader=reader)
    print(
        f"store {store_dir}: {args.n:,} comments, {args.articles:,} articles; "
        f"{args.repeat} calls per callback and case",
        file=sys.stderr,
    )
    cold = measure(app, reader, args.repeat, args.only, cold=True)
    warm = {} if args.no_warm else measure(app, reader, args.repeat, args.only, cold=False)
    print(table(cold, warm))
    if args.json:
        Path(args.json).write_text(json.dumps({"cold": cold, "warm": warm}, indent=1))
    if args.no_stream:
        return
    print_table_exports(app, reader)
    exports = [stream_export(app) for _ in range(3)]
    seconds = statistics.median(e[0] for e in exports)
    print(
        f"\nStreamed CSV of all comments: {seconds:.1f} s median of 3, "
        f"{exports[0][1] / 1e6:.0f} MB, {exports[0][2] - 1:,} rows "
        f"({exports[0][1] / 1e6 / seconds:.0f} MB/s)"
    )


if __name__ == "__main__":
    main()
