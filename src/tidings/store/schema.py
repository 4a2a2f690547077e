"""Database schema, defined in code, with versioned migrations.

Each migration is applied once, in order, inside a transaction; the schema
version lives in ``PRAGMA user_version``. Never edit a released migration:
add a new one.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE documents (
            id            TEXT PRIMARY KEY,      -- content hash of the raw page
            url           TEXT,
            site          TEXT,
            title         TEXT,
            author        TEXT,
            published     TEXT,                  -- ISO date or datetime, as the page states it
            fetched       TEXT,                  -- crawl time (WARC-Date), if any
            language      TEXT,
            text          TEXT NOT NULL,         -- normalised cleaned text; all offsets refer to it
            text_sha256   TEXT NOT NULL,
            format        TEXT NOT NULL,         -- html | text
            encoding      TEXT,
            raw_sha256    TEXT NOT NULL,
            raw_size      INTEGER NOT NULL,
            versions      TEXT NOT NULL,         -- JSON {stage: version}
            notes         TEXT NOT NULL DEFAULT '[]',
            created_at    TEXT NOT NULL
        );
        CREATE INDEX documents_text_sha ON documents(text_sha256);
        CREATE INDEX documents_published ON documents(published);

        CREATE TABLE segments (
            doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx     INTEGER NOT NULL,
            label   TEXT NOT NULL,               -- title | body | commentary
            start   INTEGER NOT NULL,
            end     INTEGER NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE removed (
            doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx     INTEGER NOT NULL,
            label   TEXT NOT NULL,               -- boilerplate | comments
            at      INTEGER NOT NULL,            -- offset in documents.text where it stood
            text    TEXT NOT NULL,
            reason  TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE document_sources (          -- every place a document was seen
            doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            input      TEXT NOT NULL,
            locator    TEXT NOT NULL,
            container  TEXT NOT NULL,
            url        TEXT,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (doc_id, input, locator)
        ) WITHOUT ROWID;

        CREATE TABLE raw (                       -- raw input, or only where it is
            doc_id  TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            codec   TEXT NOT NULL,               -- zlib | none (too large: see document_sources)
            data    BLOB
        );

        CREATE TABLE failures (
            id        INTEGER PRIMARY KEY,
            input     TEXT NOT NULL,
            locator   TEXT NOT NULL DEFAULT '',
            stage     TEXT NOT NULL,
            reason    TEXT NOT NULL,
            severity  TEXT NOT NULL,             -- error | warning
            time      TEXT NOT NULL,
            count     INTEGER NOT NULL DEFAULT 1,
            UNIQUE (input, locator, stage, reason)
        );

        CREATE TABLE runs (
            id        INTEGER PRIMARY KEY,
            command   TEXT NOT NULL,
            started   TEXT NOT NULL,
            finished  TEXT,
            stats     TEXT
        );
        """,
    ),
]

# Migration 2: what the resolve stage finds in a document. Every row keeps
# its document and character offsets into documents.text (``idx`` orders the
# rows of one document). List-valued fields are JSON arrays.
MIGRATIONS.append(
    (
        2,
        """
        CREATE TABLE sentences (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            segment TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE actors (                     -- the actors a document refers to
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
            country TEXT, sector TEXT, role TEXT, aliases TEXT NOT NULL DEFAULT '[]', wikidata TEXT,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX actors_id ON actors(id);
        CREATE INDEX actors_country ON actors(country, sector);

        CREATE TABLE mentions (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            actor TEXT NOT NULL, method TEXT NOT NULL, score REAL NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX mentions_actor ON mentions(actor);

        CREATE TABLE places (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            name TEXT NOT NULL, country TEXT, admin1 TEXT, lat REAL, lon REAL,
            precision TEXT NOT NULL, geonameid INTEGER,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE dates (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            value TEXT, until TEXT, precision TEXT NOT NULL, relative INTEGER NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE quantities (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            low REAL, high REAL, vague INTEGER NOT NULL, qualifier TEXT, category TEXT NOT NULL, noun TEXT,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE quotes (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, kind TEXT NOT NULL,
            content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
            cue TEXT, cue_start INTEGER, cue_end INTEGER,
            speaker_text TEXT, speaker_start INTEGER, speaker_end INTEGER, speaker TEXT,
            anonymous INTEGER NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE assertions (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, sentence INTEGER NOT NULL, mode TEXT NOT NULL,
            source TEXT, source_text TEXT, anonymous INTEGER NOT NULL,
            hedges TEXT NOT NULL DEFAULT '[]', verification TEXT, quote INTEGER,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE indicators (                 -- contact details as text only
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;
        """,
    )
)

# Migration 3: coded events (see ``tidings.records.Event``). ``start``/``end``
# are the trigger's offsets; ``sentence`` indexes the document's sentences.
MIGRATIONS.append(
    (
        3,
        """
        CREATE TABLE events (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            trigger TEXT NOT NULL, type TEXT NOT NULL, mode TEXT, context TEXT NOT NULL DEFAULT '[]',
            actors TEXT NOT NULL DEFAULT '[]', actor_mentions TEXT NOT NULL DEFAULT '[]',
            recipients TEXT NOT NULL DEFAULT '[]', recipient_mentions TEXT NOT NULL DEFAULT '[]',
            place INTEGER, date INTEGER, quantities TEXT NOT NULL DEFAULT '[]',
            dead REAL, injured REAL, detained REAL, size REAL,
            status TEXT NOT NULL, commentary INTEGER NOT NULL,
            source TEXT, source_text TEXT, anonymous INTEGER NOT NULL,
            hedges TEXT NOT NULL DEFAULT '[]', verification TEXT,
            acled_type TEXT, acled_subtype TEXT, cameo TEXT NOT NULL, quad_class INTEGER NOT NULL,
            goldstein REAL NOT NULL, confidence REAL NOT NULL, reason TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_acled ON events(acled_subtype);
        """,
    )
)

# Migration 4: stories (issue 5). A story groups the documents that report one
# happening; ``story_documents`` says which story each document joined, in what
# order and how similar it was, and which earlier document it copies
# (near-duplicate source chain; copies are linked, never deleted).
# ``merged_events`` are the real-world events behind event mentions of
# several documents; ``merged_event_mentions`` links each to every mention
# (``events`` rows). ``doc_signatures`` keeps what the linker needs to place a
# later page without re-reading earlier ones: MinHash and text vector.
MIGRATIONS.append(
    (
        4,
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY, title TEXT NOT NULL,
            sentence TEXT, sentence_doc TEXT, sentence_start INTEGER, sentence_end INTEGER,
            first_seen TEXT, last_seen TEXT,
            documents INTEGER NOT NULL, sources INTEGER NOT NULL,
            actors TEXT NOT NULL DEFAULT '[]', places TEXT NOT NULL DEFAULT '[]',
            centroid BLOB, version TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE story_documents (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL, seq INTEGER NOT NULL, similarity REAL NOT NULL,
            copy_of TEXT, copy_similarity REAL
        ) WITHOUT ROWID;
        CREATE INDEX story_documents_story ON story_documents(story_id, seq);
        CREATE TABLE doc_signatures (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            minhash BLOB NOT NULL, vector BLOB NOT NULL, version TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE merged_events (
            id TEXT PRIMARY KEY, story_id TEXT NOT NULL, type TEXT NOT NULL, mode TEXT,
            actors TEXT NOT NULL DEFAULT '[]', recipients TEXT NOT NULL DEFAULT '[]',
            place TEXT, country TEXT, date TEXT,
            dead REAL, injured REAL, detained REAL, size REAL,
            mentions INTEGER NOT NULL, articles INTEGER NOT NULL, sources INTEGER NOT NULL,
            first_doc TEXT NOT NULL, first_seen TEXT,
            corroboration TEXT NOT NULL, conflicts TEXT NOT NULL DEFAULT '[]'
        ) WITHOUT ROWID;
        CREATE INDEX merged_events_story ON merged_events(story_id);
        CREATE TABLE merged_event_mentions (
            doc_id TEXT NOT NULL, idx INTEGER NOT NULL, merged_id TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX merged_event_mentions_merged ON merged_event_mentions(merged_id);
        """,
    )
)

MIGRATIONS.sort()  # applied in number order, whatever order modules append them
LATEST = MIGRATIONS[-1][0]
