package postgres

import (
	"net"
	"sync"
	"time"
)

// idleConn bounds every read on a connection: a server that sends nothing
// for `timeout` fails the read instead of hanging the scan. Deadlines that
// pgx sets itself (to cancel on a done context) still win when earlier.
type idleConn struct {
	net.Conn
	idle time.Duration

	mu  sync.Mutex
	ext time.Time // the read deadline pgx last set; zero: none
}

func newIdleConn(c net.Conn, idle time.Duration) *idleConn {
	return &idleConn{Conn: c, idle: idle}
}

// Read sets the read deadline to now+idle, or pgx's own if earlier.
func (c *idleConn) Read(b []byte) (int, error) {
	c.mu.Lock()
	d := time.Now().Add(c.idle)
	if !c.ext.IsZero() && c.ext.Before(d) {
		d = c.ext
	}
	err := c.Conn.SetReadDeadline(d)
	c.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return c.Conn.Read(b)
}

// SetDeadline records the deadline as pgx's own and passes it on.
func (c *idleConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ext = t
	return c.Conn.SetDeadline(t)
}

// SetReadDeadline records the deadline as pgx's own and passes it on.
func (c *idleConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ext = t
	return c.Conn.SetReadDeadline(t)
}
