package testdb

import (
	"errors"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// postgresAddr finds the server address of a postgres URL or key=value DSN.
func postgresAddr(dsn string) (string, string, error) {
	host, port := "127.0.0.1", "5432"
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", "", errors.New("not a valid postgres URL")
		}
		if h := u.Hostname(); h != "" {
			host = h
		}
		if p := u.Port(); p != "" {
			port = p
		}
	} else {
		for _, kv := range strings.Fields(dsn) {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "host":
				host = v
			case "port":
				port = v
			}
		}
	}
	if strings.HasPrefix(host, "/") {
		return "unix", host + "/.s.PGSQL." + port, nil
	}
	return "tcp", net.JoinHostPort(host, port), nil
}

var mysqlNet = regexp.MustCompile(`@(tcp|unix)\(([^)]*)\)`)

// mysqlAddr finds the server address of a go-sql-driver DSN:
// user[:pass]@tcp(host:port)/db or @unix(/path)/db; without one the driver
// uses 127.0.0.1:3306.
func mysqlAddr(dsn string) (string, string, error) {
	m := mysqlNet.FindStringSubmatch(dsn)
	if m == nil {
		if !strings.Contains(dsn, "/") {
			return "", "", errors.New("not a MySQL DSN (want user@tcp(host:port)/db)")
		}
		return "tcp", "127.0.0.1:3306", nil
	}
	if m[1] == "unix" || strings.Contains(m[2], ":") {
		return m[1], m[2], nil
	}
	return "tcp", net.JoinHostPort(m[2], "3306"), nil
}

// redisAddr accepts host:port or a redis:// URL.
func redisAddr(dsn string) (string, string, error) {
	if !strings.Contains(dsn, "://") {
		if _, _, err := net.SplitHostPort(dsn); err != nil {
			return "", "", errors.New("not a host:port address or redis:// URL")
		}
		return "tcp", dsn, nil
	}
	u, err := url.Parse(dsn)
	if err != nil || u.Host == "" {
		return "", "", errors.New("not a valid redis:// URL")
	}
	port := u.Port()
	if port == "" {
		port = "6379"
	}
	return "tcp", net.JoinHostPort(u.Hostname(), port), nil
}
