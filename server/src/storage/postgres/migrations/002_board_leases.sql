-- Who serves a board's room (#20): one instance at a time holds its lease, renewing
-- it before expires_at. epoch grows by one at every take-over and is never reset (a
-- release only expires the row), so an append or compaction fenced by its epoch
-- fails once anyone else has held the board since. Times are the database's clock.
CREATE TABLE board_leases (
  board_id text PRIMARY KEY,
  owner text NOT NULL,
  epoch bigint NOT NULL,
  expires_at timestamptz NOT NULL
);
