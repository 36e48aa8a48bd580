-- The database's own catalog: what the schema check and the repair read.

-- name: schemaColumns :many
-- Every column of every table in the file.
-- column: t text
-- column: c text
SELECT m.name AS t, p.name AS c FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table';

-- name: anyTableNamed :one
-- Whether any of the tables named (a JSON array) exists.
-- param: names json
-- column: found integer
SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name IN (SELECT value FROM json_each(@names)) LIMIT 1;

-- name: schemaObjects :many
-- Every index and trigger in the file, as `index <name>` or `trigger <name>`.
-- column: o text
SELECT type || ' ' || name AS o FROM sqlite_master WHERE type IN ('index', 'trigger');

-- name: tableCount :one
-- How many tables the file holds (any program's): a file with none needs no backup.
-- column: n integer
SELECT count(*) AS n FROM sqlite_master WHERE type = 'table';

-- name: tableHasColumn :one
-- Whether a table has a column (an ADD COLUMN step an earlier, interrupted attempt may have done).
-- param: table_name text
-- param: column_name text
-- column: found integer
SELECT 1 AS found FROM pragma_table_info(@table_name) WHERE name = @column_name;
