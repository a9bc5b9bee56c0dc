-- The store on PostgreSQL: every collection's records as JSONB rows, the version column for
-- optimistic concurrency (as the embedded store), the keys the capabilities index by and the
-- unique keys as rows under real indexes, named sequences, and one function that writes a
-- record with all of that in one round trip and tells the other instances (NOTIFY).

CREATE TABLE store_records (
  collection text NOT NULL,
  id text NOT NULL,
  partition text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection, id)
);
CREATE INDEX store_records_partition ON store_records (collection, partition);

-- The declared indexes (e.g. cases by form id, by reporter, by year): found by key in SQL.
CREATE TABLE store_keys (
  collection text NOT NULL,
  index_name text NOT NULL,
  key text NOT NULL,
  id text NOT NULL,
  PRIMARY KEY (collection, index_name, key, id)
);
CREATE INDEX store_keys_of_record ON store_keys (collection, id);

-- Keys no two records may share (a case's form ids and number): the primary key refuses the second.
CREATE TABLE store_unique (
  collection text NOT NULL,
  key text NOT NULL,
  id text NOT NULL,
  PRIMARY KEY (collection, key)
);
CREATE INDEX store_unique_of_record ON store_unique (collection, id);

CREATE TABLE store_sequences (
  name text PRIMARY KEY,
  value bigint NOT NULL
);

-- Writes one record with its keys. Returns the new version, or -(actual + 1) when the expected
-- version does not match (nothing written). A taken unique key raises unique_violation on
-- store_unique_pkey; two creates of one new id race to store_records_pkey (the caller retries).
CREATE FUNCTION store_put(
  p_collection text, p_id text, p_partition text, p_expected integer, p_schema integer,
  p_data jsonb, p_keys jsonb, p_unique jsonb, p_origin text, p_notify boolean
) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  v_current integer;
  v_next integer;
BEGIN
  SELECT version INTO v_current FROM store_records WHERE collection = p_collection AND id = p_id FOR UPDATE;
  IF p_expected IS NOT NULL AND coalesce(v_current, 0) <> p_expected THEN
    RETURN -coalesce(v_current, 0) - 1;
  END IF;
  v_next := coalesce(v_current, 0) + 1;
  IF v_current IS NULL THEN
    INSERT INTO store_records (collection, id, partition, version, schema_version, data)
    VALUES (p_collection, p_id, p_partition, v_next, p_schema, p_data);
  ELSE
    UPDATE store_records SET partition = p_partition, version = v_next, schema_version = p_schema, data = p_data, updated_at = now()
    WHERE collection = p_collection AND id = p_id;
    DELETE FROM store_keys WHERE collection = p_collection AND id = p_id;
    DELETE FROM store_unique WHERE collection = p_collection AND id = p_id;
  END IF;
  INSERT INTO store_keys (collection, index_name, key, id)
  SELECT p_collection, k ->> 0, k ->> 1, p_id FROM jsonb_array_elements(p_keys) AS k
  ON CONFLICT DO NOTHING;
  INSERT INTO store_unique (collection, key, id)
  SELECT p_collection, u, p_id FROM jsonb_array_elements_text(p_unique) AS u;
  IF p_notify THEN
    PERFORM pg_notify('avvikelseboten_store_' || current_schema(), p_origin || ' ' || p_collection || ' ' || v_next || ' ' || p_partition || ' ' || p_id);
  END IF;
  RETURN v_next;
END $$;

-- Deletes one record and its keys, with the same version rule (-(actual + 1): refused).
CREATE FUNCTION store_delete(p_collection text, p_id text, p_expected integer, p_origin text)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  v_current integer;
  v_partition text;
BEGIN
  SELECT version, partition INTO v_current, v_partition FROM store_records WHERE collection = p_collection AND id = p_id FOR UPDATE;
  IF p_expected IS NOT NULL AND coalesce(v_current, 0) <> p_expected THEN
    RETURN -coalesce(v_current, 0) - 1;
  END IF;
  IF v_current IS NULL THEN
    RETURN 0;
  END IF;
  DELETE FROM store_records WHERE collection = p_collection AND id = p_id;
  DELETE FROM store_keys WHERE collection = p_collection AND id = p_id;
  DELETE FROM store_unique WHERE collection = p_collection AND id = p_id;
  PERFORM pg_notify('avvikelseboten_store_' || current_schema(), p_origin || ' ' || p_collection || ' 0 ' || v_partition || ' ' || p_id);
  RETURN 0;
END $$;
