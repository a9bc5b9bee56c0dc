-- Which declared index each collection's store_keys rows were built for (by the key function's
-- signature): an index a capability declares anew, or whose keys changed, is built once, by one
-- instance, from the records (also after a store was copied in by migrate:store).
CREATE TABLE store_index_defs (
  collection text NOT NULL,
  index_name text NOT NULL,
  signature text NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection, index_name)
);
