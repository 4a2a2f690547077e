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
            version TEXT NOT NULL
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

# Migration 5: full-text search (SQLite FTS5) over documents (title, text) and
# events (trigger and the text of its sentence, else trigger, type and reason),
# for the web UI. Triggers keep it in step with every write, so ``Store.write``
# needs no change. ``search_keys`` gives each document a stable integer key
# (an INTEGER PRIMARY KEY survives VACUUM, a plain rowid does not): the
# document's FTS row is that key, an event's is ``key * 65536 + idx``.
# ``INSERT OR REPLACE INTO documents`` fires no delete trigger (SQLite fires
# them for REPLACE only with recursive_triggers), so the insert triggers first
# delete any FTS row under the same key (FTS5 ignores OR REPLACE here), and
# no statement in a trigger names a conflict clause (the outer REPLACE would
# override it).
# The migration runner splits statements at ";" + newline, so statements
# inside a trigger body end with ";" and a comment.
MIGRATIONS.append(
    (
        5,
        """
        CREATE TABLE search_keys (
            key INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE events_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');

        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO search_keys (doc_id)
            SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM search_keys WHERE doc_id = new.id);  -- key
            DELETE FROM documents_fts
            WHERE rowid = (SELECT key FROM search_keys WHERE doc_id = new.id);  -- old
            INSERT INTO documents_fts (rowid, title, text)
            SELECT key, new.title, new.text FROM search_keys WHERE doc_id = new.id;  -- index
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
            DELETE FROM documents_fts
            WHERE rowid = (SELECT key FROM search_keys WHERE doc_id = new.id);  -- old
            INSERT INTO documents_fts (rowid, title, text)
            SELECT key, new.title, new.text FROM search_keys WHERE doc_id = new.id;  -- index
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            DELETE FROM documents_fts
            WHERE rowid = (SELECT key FROM search_keys WHERE doc_id = old.id);  -- doc
            DELETE FROM events_fts WHERE rowid BETWEEN
                (SELECT key FROM search_keys WHERE doc_id = old.id) * 65536
                AND (SELECT key FROM search_keys WHERE doc_id = old.id) * 65536 + 65535;  -- its events
            DELETE FROM search_keys WHERE doc_id = old.id;  -- key
        END;

        CREATE TRIGGER events_fts_insert AFTER INSERT ON events WHEN new.idx < 65536 BEGIN
            DELETE FROM events_fts
            WHERE rowid = (SELECT key FROM search_keys WHERE doc_id = new.doc_id) * 65536 + new.idx;  -- old
            INSERT INTO events_fts (rowid, text)
            SELECT k.key * 65536 + new.idx,
                   coalesce(new.trigger || ' ' || substr(d.text, s.start + 1, s.end - s.start),
                            new.trigger || ' ' || new.type || ' ' || new.reason)
            FROM search_keys k
            LEFT JOIN documents d ON d.id = new.doc_id
            LEFT JOIN sentences s ON s.doc_id = new.doc_id AND s.idx = new.sentence
            WHERE k.doc_id = new.doc_id;  -- index
        END;
        CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
            DELETE FROM events_fts
            WHERE rowid = (SELECT key FROM search_keys WHERE doc_id = old.doc_id) * 65536 + old.idx;  -- row
        END;

        INSERT INTO search_keys (doc_id) SELECT id FROM documents ORDER BY id;
        INSERT INTO documents_fts (rowid, title, text)
        SELECT k.key, d.title, d.text FROM documents d JOIN search_keys k ON k.doc_id = d.id;
        INSERT INTO events_fts (rowid, text)
        SELECT k.key * 65536 + e.idx,
               coalesce(e.trigger || ' ' || substr(d.text, s.start + 1, s.end - s.start),
                        e.trigger || ' ' || e.type || ' ' || e.reason)
        FROM events e
        JOIN search_keys k ON k.doc_id = e.doc_id
        JOIN documents d ON d.id = e.doc_id
        LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence
        WHERE e.idx < 65536;
        """,
    )
)

# Migration 6: checkpoints (issue 7). A row says every page of a shard (one
# archive or JSON-lines file, or a slice of single-page files: see
# ``tidings.shards``) is stored, for a recipe (stage versions and the limits
# that decide what is read); written in the transaction of the shard's last
# rows, so a killed run never marks a shard it did not finish.
MIGRATIONS.append(
    (
        6,
        """
        CREATE TABLE shards (
            id TEXT NOT NULL, recipe TEXT NOT NULL,
            paths TEXT NOT NULL,                  -- JSON array of the files read
            pages INTEGER NOT NULL,               -- pages it held (stored or seen again)
            via TEXT NOT NULL,                    -- run (streamed) | load (from Parquet)
            finished TEXT NOT NULL,
            PRIMARY KEY (id, recipe)
        ) WITHOUT ROWID;
        """,
    )
)

# Migration 7: the join model's probability (issue 5). When the story
# clusterer's logistic join model decided a document's placement, the
# probability it gave that the document belongs to its most similar story
# (it joined at 0.5 or more; below, it opened a story of its own); NULL when
# the thresholds decided (no embeddings, or no runner-up to measure a lead).
MIGRATIONS.append((7, "ALTER TABLE story_documents ADD COLUMN join_probability REAL;"))

MIGRATIONS.sort()  # applied in number order, whatever order modules append them
LATEST = MIGRATIONS[-1][0]
