-- The SQLite store's tables (sqlite-schema.ts) in Postgres. Times are milliseconds
-- since the epoch (bigint), tokens are SHA-256 hashes (links, identities) or sealed
-- boxes (sealed_links), never plain text.
CREATE TABLE boards (
  id text PRIMARY KEY,
  title text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  snapshot bytea,
  stored_bytes bigint NOT NULL DEFAULT 0
);

CREATE TABLE links (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  role text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  expires_at bigint,
  PRIMARY KEY (board_id, role)
);

CREATE TABLE sealed_links (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  holder text NOT NULL,
  role text NOT NULL,
  box bytea NOT NULL,
  PRIMARY KEY (board_id, holder, role)
);

-- seq orders a board's log: appends take the board's row lock before inserting, so
-- within a board seq order is commit order.
CREATE TABLE updates (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  data bytea NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX updates_by_board ON updates (board_id, seq);

CREATE TABLE versions (
  id text PRIMARY KEY,
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at bigint NOT NULL,
  state bytea NOT NULL
);
CREATE INDEX versions_by_board ON versions (board_id, created_at);

CREATE TABLE identities (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  participant_id text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  name text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (board_id, participant_id)
);
