package state

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/drift-sh/drift/contract"
)

// SaveRecording stores the records of a saved scan in one transaction:
// the recording's header, then one row per record and source.
func (s *sqlStore) SaveRecording(ctx context.Context, rec Recording, buf *RecordBuffer) error {
	if err := buf.Err(); err != nil {
		return fmt.Errorf("state store: record scan %s: %w", rec.ScanID, err)
	}
	fields, _ := json.Marshal(rec.Fields)
	srcs, _ := json.Marshal(rec.Sources)
	total := 0
	for i := range rec.Sources {
		total += buf.Len(i)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		row := tx.QueryRowContext(ctx, `INSERT INTO recordings (scan_id, format, fields_json, sources_json, records, bytes)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, rec.ScanID, recordFormat, string(fields), string(srcs), total, buf.Bytes())
		if err := row.Scan(&id); err != nil {
			return err
		}
		cols := []string{"recording", "source", "seq", "data"}
		var rows [][]any
		for src := range rec.Sources {
			for i := range buf.Len(src) {
				rows = append(rows, []any{id, src, i, buf.encoded(src, i)})
				if len(rows) == 20000 {
					if err := insertBatch(ctx, tx, s.d, "recorded_records", cols, rows); err != nil {
						return err
					}
					rows = rows[:0]
				}
			}
		}
		return insertBatch(ctx, tx, s.d, "recorded_records", cols, rows)
	})
	if err != nil {
		return s.fail("record scan "+rec.ScanID, err)
	}
	return nil
}

const recordingQuery = `SELECT r.id, r.scan_id, r.format, r.fields_json, r.sources_json, r.records, r.bytes,
	s.at, s.contract_name, s.contract_version, s.contract_digest
	FROM recordings r JOIN scans s ON s.id = r.scan_id`

// Recording returns the recording of scan scanID, or the contract's newest
// recording when scanID is "". An error wraps ErrNotFound when there is
// none.
func (s *sqlStore) Recording(ctx context.Context, contractName, scanID string) (Recording, error) {
	var recs []Recording
	var err error
	if scanID != "" {
		recs, _, err = s.queryRecordings(ctx, recordingQuery+` WHERE r.scan_id = $1`, scanID)
	} else {
		recs, _, err = s.queryRecordings(ctx, recordingQuery+` WHERE s.contract_name = $1
			ORDER BY s.at DESC, s.id DESC LIMIT 1`, contractName)
	}
	switch {
	case err != nil:
		return Recording{}, err
	case len(recs) == 0 && scanID != "":
		return Recording{}, fmt.Errorf("scan %s was not recorded: %w; `drift history` marks recorded scans", scanID, ErrNotFound)
	case len(recs) == 0:
		return Recording{}, fmt.Errorf("no recorded scan of contract %s: %w", contractName, ErrNotFound)
	}
	return recs[0], nil
}

// Recordings lists the recordings of a contract, or of every contract
// when contractName is "", newest first.
func (s *sqlStore) Recordings(ctx context.Context, contractName string) ([]Recording, error) {
	recs, _, err := s.queryRecordings(ctx, recordingQuery+` WHERE s.contract_name = $1 OR $1 = ''
		ORDER BY s.at DESC, s.id DESC`, contractName)
	return recs, err
}

func (s *sqlStore) queryRecordings(ctx context.Context, query string, args ...any) ([]Recording, []int64, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, s.fail("read recordings", err)
	}
	defer rows.Close()
	var out []Recording
	var ids []int64
	for rows.Next() {
		var r Recording
		var id int64
		var format int
		var fields, srcs string
		var at sql.NullString
		err := rows.Scan(&id, &r.ScanID, &format, &fields, &srcs, &r.Records, &r.Bytes,
			&at, &r.Contract.Name, &r.Contract.Version, &r.Contract.Digest)
		if err == nil && format != recordFormat {
			err = fmt.Errorf("scan %s was recorded in format %d, which this drift cannot read; upgrade drift", r.ScanID, format)
		}
		if err == nil {
			err = errors.Join(json.Unmarshal([]byte(fields), &r.Fields), json.Unmarshal([]byte(srcs), &r.Sources))
		}
		if err == nil {
			r.At, err = parseTime(at)
		}
		if err != nil {
			return nil, nil, s.fail("read recordings", err)
		}
		out, ids = append(out, r), append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.fail("read recordings", err)
	}
	return out, ids, nil
}

// RecordedRecords calls fn with every record of scan scanID's recording,
// source by source, each in the order its source gave it. An error from
// fn stops the walk and is returned as is.
func (s *sqlStore) RecordedRecords(ctx context.Context, scanID string, fn func(src int, rec contract.Record) error) error {
	_, ids, err := s.queryRecordings(ctx, recordingQuery+` WHERE r.scan_id = $1`, scanID)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("scan %s was not recorded: %w", scanID, ErrNotFound)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT source, seq, data FROM recorded_records
		WHERE recording = $1 ORDER BY source, seq`, ids[0])
	if err != nil {
		return s.fail("read the records of scan "+scanID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var src, seq int
		var data []byte
		if err := rows.Scan(&src, &seq, &data); err != nil {
			return s.fail("read the records of scan "+scanID, err)
		}
		rec, err := DecodeRecord(data)
		if err != nil {
			return fmt.Errorf("scan %s: record %d of source %d: %w", scanID, seq+1, src+1, err)
		}
		if err := fn(src, rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("read the records of scan "+scanID, err)
	}
	return nil
}

// PruneRecordings keeps the contract's newest keep recordings and deletes
// the records of older ones (their scans stay in the history); it returns
// how many recordings it deleted. keep < 1 keeps one.
func (s *sqlStore) PruneRecordings(ctx context.Context, contractName string, keep int) (int, error) {
	_, ids, err := s.queryRecordings(ctx, recordingQuery+` WHERE s.contract_name = $1
		ORDER BY s.at DESC, s.id DESC`, contractName)
	if err != nil || len(ids) <= max(keep, 1) {
		return 0, err
	}
	old := ids[max(keep, 1):]
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range old {
			if _, err := tx.ExecContext(ctx, `DELETE FROM recorded_records WHERE recording = $1`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM recordings WHERE id = $1`, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, s.fail("prune recordings of "+contractName, err)
	}
	return len(old), nil
}
