-- newsprism store schema, version 1. Documented in docs/data-model.md.
-- Offsets are character offsets into documents.text, half-open [start, end).

CREATE TABLE IF NOT EXISTS documents (
    id             VARCHAR PRIMARY KEY,   -- hash of normalised URL + content fingerprint
    source         VARCHAR NOT NULL,      -- input path, path#L<n> (JSON Lines), path#record-<n> (WARC)
    url            VARCHAR,
    title          VARCHAR,
    outlet         VARCHAR,
    author         VARCHAR,
    published      DATE,                  -- NULL when the article states no date
    published_raw  VARCHAR,               -- the string the date was read from
    text           VARCHAR NOT NULL,      -- cleaned text; all offsets point into it
    removed_lines  VARCHAR[] NOT NULL,    -- boilerplate lines removed by the cleaner, verbatim
    fingerprint    VARCHAR NOT NULL,
    input_format   VARCHAR NOT NULL,      -- text | html
    cleaner        VARCHAR NOT NULL,      -- versioned cleaner name
    annotator      VARCHAR NOT NULL,      -- versioned annotator name + model
    tokens         INTEGER NOT NULL,
    reference_date VARCHAR,               -- date offices were resolved on (published, or inferred)
    reference_date_inferred BOOLEAN,      -- true when the text states no publication date
    run_id         VARCHAR NOT NULL,
    ingested_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
    document_id VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    PRIMARY KEY (document_id, idx)
);

CREATE TABLE IF NOT EXISTS mentions (
    document_id VARCHAR NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    label       VARCHAR NOT NULL,         -- spaCy NER label (PERSON, ORG, GPE, NORP, ...)
    sentence    INTEGER NOT NULL,
    actor_id    VARCHAR,                  -- filled by actor resolution
    method      VARCHAR,                  -- alias | fuzzy | short_name | role | metonym | pronoun | new
    confidence  DOUBLE,
    PRIMARY KEY (document_id, start, "end", label)
);

CREATE TABLE IF NOT EXISTS actors (
    id            VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,       -- person | state | igo | org | group
    country       VARCHAR,                -- ISO 3166 alpha-3 or IGO code
    sectors       VARCHAR[],
    aliases_seen  VARCHAR[],
    origin        VARCHAR                 -- kb | new
);

CREATE TABLE IF NOT EXISTS quotes (
    id            VARCHAR PRIMARY KEY,
    document_id   VARCHAR NOT NULL,
    speaker_id    VARCHAR,
    relayed_by_id VARCHAR,
    cue           VARCHAR,
    kind          VARCHAR NOT NULL,       -- direct | indirect | phrase
    text          VARCHAR NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    confidence    DOUBLE,
    extractor     VARCHAR
);

CREATE TABLE IF NOT EXISTS timexes (
    document_id VARCHAR NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    type        VARCHAR NOT NULL,         -- DATE | TIME | DURATION | SET
    value       VARCHAR,                  -- TIMEX3 value; NULL when it cannot be anchored
    anchor      VARCHAR,
    PRIMARY KEY (document_id, start, "end")
);

CREATE TABLE IF NOT EXISTS events (
    id               VARCHAR PRIMARY KEY,
    document_id      VARCHAR NOT NULL,
    category         VARCHAR NOT NULL,    -- PLOVER category
    mode             VARCHAR,
    source_ids       VARCHAR[],
    target_ids       VARCHAR[],
    date             VARCHAR,             -- ISO, partial allowed (2022-06)
    date_approximate BOOLEAN,
    location         VARCHAR,
    cameo_root       VARCHAR,
    cameo_code       VARCHAR,
    quad_class       INTEGER,
    intensity        DOUBLE,
    context          VARCHAR[],           -- negated | future | hypothetical | demanded
    trigger          VARCHAR,
    start            INTEGER,             -- trigger offsets
    "end"            INTEGER,
    sentence_start   INTEGER,
    sentence_end     INTEGER,
    source_mentions  INTEGER[][],         -- [start, end] of each mention the sources came from
    target_mentions  INTEGER[][],
    confidence       DOUBLE,
    extractor        VARCHAR
);

CREATE TABLE IF NOT EXISTS stances (
    document_id VARCHAR NOT NULL,
    actor_id    VARCHAR NOT NULL,
    score       DOUBLE NOT NULL,          -- -1 (negative) .. +1 (positive)
    label       VARCHAR NOT NULL,         -- negative | neutral | positive
    evidence    INTEGER,                  -- sentences it rests on
    PRIMARY KEY (document_id, actor_id)
);

CREATE TABLE IF NOT EXISTS links (
    kind        VARCHAR NOT NULL,         -- reprint | story | event_cluster | dispute
    cluster_id  VARCHAR NOT NULL,
    member_id   VARCHAR NOT NULL,         -- document id or event id
    role        VARCHAR,
    score       DOUBLE,
    PRIMARY KEY (kind, cluster_id, member_id)
);

CREATE TABLE IF NOT EXISTS skips (
    source      VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    first_seen  TIMESTAMPTZ NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL,
    run_id      VARCHAR NOT NULL,
    PRIMARY KEY (source, stage, reason)
);

CREATE TABLE IF NOT EXISTS runs (
    id            VARCHAR PRIMARY KEY,
    command       VARCHAR NOT NULL,
    version       VARCHAR NOT NULL,
    model         VARCHAR,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,       -- running | done | failed | interrupted
    documents     INTEGER,
    skips         INTEGER
);
