// Package all registers every source plugin; import it for its side effects.
package all

import (
	_ "github.com/drift-sh/drift/sources/file"     // file: csv, tsv, json, ndjson, yaml
	_ "github.com/drift-sh/drift/sources/http"     // http: a JSON API
	_ "github.com/drift-sh/drift/sources/mysql"    // mysql and MariaDB
	_ "github.com/drift-sh/drift/sources/postgres" // postgres
	_ "github.com/drift-sh/drift/sources/redis"    // redis: hashes or JSON strings
	_ "github.com/drift-sh/drift/sources/sqlite"   // sqlite (embedded, pure Go)
)
