package testdb

import "testing"

func TestAddr(t *testing.T) {
	tests := []struct {
		name, dsn     string
		parse         func(string) (string, string, error)
		network, addr string
		fails         bool
	}{
		{"postgres url", PostgresDefault, postgresAddr, "tcp", "127.0.0.1:5432", false},
		{"postgres url default port", "postgres://u:p@db/x", postgresAddr, "tcp", "db:5432", false},
		{"postgres key value", "host=db port=6543 user=u", postgresAddr, "tcp", "db:6543", false},
		{"postgres socket", "host=/run/postgresql user=u", postgresAddr, "unix", "/run/postgresql/.s.PGSQL.5432", false},
		{"mysql default", MySQLDefault, mysqlAddr, "tcp", "127.0.0.1:3306", false},
		{"mysql password", "root:pw@tcp(db:3307)/test", mysqlAddr, "tcp", "db:3307", false},
		{"mysql no port", "root@tcp(db)/test", mysqlAddr, "tcp", "db:3306", false},
		{"mysql no address", "root@/test", mysqlAddr, "tcp", "127.0.0.1:3306", false},
		{"mysql garbage", "nonsense", mysqlAddr, "", "", true},
		{"redis default", RedisDefault, redisAddr, "tcp", "127.0.0.1:6379", false},
		{"redis url", "redis://:pw@cache/0", redisAddr, "tcp", "cache:6379", false},
		{"redis garbage", "cache", redisAddr, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			network, addr, err := tt.parse(tt.dsn)
			if (err != nil) != tt.fails {
				t.Fatalf("err = %v, want failure %v", err, tt.fails)
			}
			if network != tt.network || addr != tt.addr {
				t.Errorf("got %s %s, want %s %s", network, addr, tt.network, tt.addr)
			}
		})
	}
}
