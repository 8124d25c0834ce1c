// Command seed creates the replicated-orders example on the local servers:
// the table drift_example_orders in PostgreSQL and MariaDB and the hashes
// drift-example:order:* in Redis, with a handful of divergences to find.
//
//	go run ./examples/replicated/seed [-table NAME] [-prefix PREFIX] [-drop]
//
// DRIFT_PG_DSN, DRIFT_MYSQL_DSN and DRIFT_REDIS_ADDR select the servers.
package main

import (
	"os"

	"github.com/drift-sh/drift/examples/replicated/seeddb"
)

func main() {
	os.Exit(seeddb.Main(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}
