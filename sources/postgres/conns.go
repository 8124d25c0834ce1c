package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// withConn runs fn on a connection of its own for Get, GetWhole, Write
// and Version: an idle one, or one opened now. Calls side by side (apply
// --parallel) each get their own, so they run at the same time; a
// connection is kept for the next call once fn is done, unless it broke.
func (s *Source) withConn(ctx context.Context, fn func(*pgx.Conn) error) error {
	conn, err := s.take(ctx)
	if err != nil {
		return err
	}
	err = fn(conn)
	s.mu.Lock()
	defer s.mu.Unlock()
	if conn.IsClosed() {
		s.drop(conn)
		return err
	}
	s.idle = append(s.idle, conn)
	return err
}

// take returns an idle connection, or opens one.
func (s *Source) take(ctx context.Context) (*pgx.Conn, error) {
	s.mu.Lock()
	for len(s.idle) > 0 {
		conn := s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		if !conn.IsClosed() {
			s.mu.Unlock()
			return conn, nil
		}
		s.drop(conn)
	}
	s.mu.Unlock()
	conn, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.conns = append(s.conns, conn)
	s.mu.Unlock()
	return conn, nil
}

// drop forgets a connection; s.mu is held.
func (s *Source) drop(conn *pgx.Conn) {
	for i, c := range s.conns {
		if c == conn {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			break
		}
	}
	if !conn.IsClosed() {
		_ = conn.Close(context.Background())
	}
}

// closeConns closes every connection withConn opened.
func (s *Source) closeConns() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, c := range s.conns {
		errs = append(errs, c.Close(context.Background()))
	}
	s.conns, s.idle = nil, nil
	return errors.Join(errs...)
}
