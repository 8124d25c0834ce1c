package state

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// RecordDecision logs one decision of a repair session. Time defaults to
// now and User to the OS user.
func (s *sqlStore) RecordDecision(ctx context.Context, d Decision) error {
	if d.RunID == "" && d.SessionID == "" {
		return fmt.Errorf("state store: record decision on drift %s: it needs a run id or a session id", d.DriftID)
	}
	if d.Time.IsZero() {
		d.Time = time.Now()
	}
	if d.User == "" {
		d.User, _ = whoami()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO decisions (run_id, session_id, drift_id, key_json,
		choice, value_json, decided_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		d.RunID, d.SessionID, d.DriftID, string(d.Key), d.Choice, nullJSON(d.Value), d.User, formatTime(d.Time))
	if err != nil {
		return s.fail("record decision on drift "+d.DriftID, err)
	}
	return nil
}

// DecisionsForKey returns the decisions about the key, oldest first.
func (s *sqlStore) DecisionsForKey(ctx context.Context, keyJSON string) ([]Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT run_id, session_id, drift_id, key_json, choice,
		value_json, decided_by, at FROM decisions WHERE key_json = $1 ORDER BY at, id`, keyJSON)
	if err != nil {
		return nil, s.fail("read decisions", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var key string
		var value, at sql.NullString
		err := rows.Scan(&d.RunID, &d.SessionID, &d.DriftID, &key, &d.Choice, &value, &d.User, &at)
		if err == nil {
			d.Time, err = parseTime(at)
		}
		if err != nil {
			return nil, s.fail("read decisions", err)
		}
		d.Key, d.Value = []byte(key), rawJSON(value)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read decisions", err)
	}
	return out, nil
}
