package state

// KindWorker is a run that a `drift worker` applied for one queued job.
const KindWorker Kind = "worker"

// SQLiteDSN is the database/sql data source name, for the "sqlite" driver,
// of the SQLite store at path, with the settings the store itself uses:
// another pool on the same file (the queue's) then waits for the write lock
// instead of failing, and never deadlocks on a read-then-write.
func SQLiteDSN(path string) string { return path + sqliteParams }

// PostgresSchema splits a postgres:// store URL into the URL to connect
// with and the schema that holds the store's tables (DefaultSchema unless
// the URL's `schema` parameter names another), as Open reads it.
func PostgresSchema(dsn string) (conn, schema string, err error) { return splitSchema(dsn) }
