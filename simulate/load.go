package simulate

import (
	"context"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/state"
)

// Load reads a recording and its records from the store: scan scanID's,
// or the contract's newest when scanID is "". An error wraps
// state.ErrNotFound when there is none.
func Load(ctx context.Context, st state.Store, contractName, scanID string) (state.Recording, [][]contract.Record, error) {
	rec, err := st.Recording(ctx, contractName, scanID)
	if err != nil {
		return state.Recording{}, nil, err
	}
	records := make([][]contract.Record, len(rec.Sources))
	err = st.RecordedRecords(ctx, rec.ScanID, func(src int, r contract.Record) error {
		if src < 0 || src >= len(records) {
			return fmt.Errorf("scan %s: a record of source %d, which the recording does not list", rec.ScanID, src+1)
		}
		records[src] = append(records[src], r)
		return nil
	})
	if err != nil {
		return state.Recording{}, nil, err
	}
	return rec, records, nil
}
