-- newsprism store schema, version 2: the stance layer per article, and cross-article linking.
-- Documented in docs/data-model.md. Per-article tables are written with their documents (one
-- transaction per batch); the linking tables are rebuilt by the link stage (one transaction),
-- except story membership, which is incremental.

ALTER TABLE documents ADD COLUMN tone DOUBLE;          -- article-level tone, -1 .. +1
ALTER TABLE stances ADD COLUMN model_score DOUBLE;     -- the stance model's part alone
ALTER TABLE timexes ADD COLUMN value_inferred VARCHAR; -- value re-anchored on an inferred article date
ALTER TABLE events ADD COLUMN date_inferred VARCHAR;   -- date from a re-anchored time expression

CREATE TABLE IF NOT EXISTS labels (
    document_id VARCHAR NOT NULL,
    actor_id    VARCHAR NOT NULL,
    word        VARCHAR NOT NULL,         -- lemma naming or describing the actor ("regime", "ally")
    count       INTEGER NOT NULL,
    PRIMARY KEY (document_id, actor_id, word)
);

CREATE TABLE IF NOT EXISTS disputes (
    id            VARCHAR PRIMARY KEY,
    document_id   VARCHAR NOT NULL,
    start         INTEGER NOT NULL,       -- the disputing statement (its sentence)
    "end"         INTEGER NOT NULL,
    cue           VARCHAR NOT NULL,
    cue_start     INTEGER,
    cue_end       INTEGER,
    kind          VARCHAR NOT NULL,       -- contradiction | denial | dismissal | correction
    disputer_id   VARCHAR,
    disputer_text VARCHAR,
    disputed_id   VARCHAR,
    disputed_text VARCHAR,
    claim_start   INTEGER,                -- the contested claim in the same article, when found
    claim_end     INTEGER,
    event_id      VARCHAR,                -- the event of the same article the dispute is about
    confidence    DOUBLE,
    extractor     VARCHAR
);

CREATE TABLE IF NOT EXISTS sketches (
    document_id VARCHAR PRIMARY KEY,
    signature   UINTEGER[] NOT NULL       -- MinHash signature for reprint detection
);

CREATE TABLE IF NOT EXISTS link_state (
    name       VARCHAR PRIMARY KEY,       -- stories
    state      BLOB NOT NULL,
    documents  INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS stories (
    id                VARCHAR PRIMARY KEY,
    title             VARCHAR,            -- the first article's title
    first_document_id VARCHAR NOT NULL,
    first_published   DATE,
    last_published    DATE,
    documents         INTEGER NOT NULL,
    outlets           INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS event_clusters (
    id                VARCHAR PRIMARY KEY,
    category          VARCHAR NOT NULL,
    date              VARCHAR,            -- merged, best-supported date (ISO, partial allowed)
    date_earliest     VARCHAR,
    date_latest       VARCHAR,
    date_support      INTEGER NOT NULL,   -- articles whose exact dates support it
    actor_ids         VARCHAR[],
    event_ids         VARCHAR[] NOT NULL,  -- member events, in the order they joined
    events            INTEGER NOT NULL,
    documents         INTEGER NOT NULL,
    outlets           INTEGER NOT NULL,
    first_document_id VARCHAR,
    story_id          VARCHAR
);

CREATE TABLE IF NOT EXISTS accounts (
    cluster_id  VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL,
    outlet      VARCHAR,
    published   VARCHAR,                  -- the article's date, or its inferred date
    event_ids   VARCHAR[] NOT NULL,
    details     VARCHAR[] NOT NULL,       -- actor:<id> | quote:<speaker> | duration:<P..> | number:<unit>=<n> | date:<ISO>
    includes    VARCHAR[] NOT NULL,       -- details some other account lacks
    omits       VARCHAR[] NOT NULL,       -- details some other account has and this one lacks
    quote_ids   VARCHAR[] NOT NULL,
    PRIMARY KEY (cluster_id, document_id)
);

CREATE TABLE IF NOT EXISTS conflicts (
    cluster_id   VARCHAR NOT NULL,
    facet        VARCHAR NOT NULL,        -- date | duration | number:<unit>
    value        VARCHAR NOT NULL,
    document_ids VARCHAR[] NOT NULL,
    PRIMARY KEY (cluster_id, facet, value)
);

CREATE TABLE IF NOT EXISTS inferred_dates (
    document_id VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,         -- best guess: the latest happening it shares with dated reports
    earliest    VARCHAR NOT NULL,
    latest      VARCHAR NOT NULL,
    clusters    VARCHAR[] NOT NULL,       -- the event clusters the inference rests on
    method      VARCHAR NOT NULL          -- events
);
