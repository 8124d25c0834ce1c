package state

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

func testScanRoundTrip(t *testing.T, st Store) {
	ctx := context.Background()
	want := Scan{
		ID: "scan-1", At: at(0), ConfigPath: "drift.yaml",
		Contract: Contract{Name: "accounts", Version: 3, Digest: "sha256:c"},
		Sources: []SourceScan{
			{Name: "primary", Version: "0/16B3748", Records: 1000},
			{Name: "cache", Error: "dial tcp 127.0.0.1:6379: connection refused"},
		},
		Summary:  raw(`{"keys":1003,"drifted_keys":13}`),
		DriftIDs: []string{"d3", "d1", "d2", "d1"},
	}
	if err := st.SaveScan(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := st.Scan(ctx, "scan-1")
	if err != nil {
		t.Fatal(err)
	}
	want.DriftIDs = []string{"d1", "d2", "d3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scan\n got %+v\nwant %+v", got, want)
	}
	if err := st.SaveScan(ctx, Scan{ID: "scan-2", At: at(1), Contract: Contract{Name: "accounts"}}); err != nil {
		t.Fatal(err)
	}
	list, err := st.Scans(ctx, 0)
	if err != nil || len(list) != 2 || list[0].ID != "scan-2" || len(list[1].Sources) != 2 {
		t.Errorf("Scans = %+v, %v; want scan-2 then scan-1 with its sources", list, err)
	}
	if string(list[0].Summary) != "{}" {
		t.Errorf("an absent summary is stored as %q, want {}", list[0].Summary)
	}
	if _, err := st.Scan(ctx, "nope"); !errorsIsNotFound(err) {
		t.Errorf("Scan(nope) = %v, want ErrNotFound", err)
	}
	if err := st.SaveScan(ctx, want); err == nil {
		t.Error("SaveScan accepted a duplicate scan id")
	}
}

// testFirstSeen saves each case's scans, in order, a minute apart, under
// the contract "c" unless a scan names another, then asks about ids.
func testFirstSeen(t *testing.T, st Store) {
	type scan struct {
		contract string
		ids      []string
	}
	tests := []struct {
		name  string
		scans []scan
		ask   []string
		want  map[string]int // id -> index of the scan that starts its streak
	}{
		{"no scans", nil, []string{"a"}, map[string]int{}},
		{"seen in every scan", []scan{{"", []string{"a"}}, {"", []string{"a"}}, {"", []string{"a"}}}, []string{"a"}, map[string]int{"a": 0}},
		{"a gap resets the streak", []scan{{"", []string{"a"}}, {"", nil}, {"", []string{"a"}}}, []string{"a"}, map[string]int{"a": 2}},
		{"gone from the latest scan", []scan{{"", []string{"a"}}, {"", []string{"a"}}, {"", nil}}, []string{"a"}, map[string]int{}},
		{"new in the latest scan", []scan{{"", nil}, {"", []string{"b"}}}, []string{"b"}, map[string]int{"b": 1}},
		{"streaks per id", []scan{{"", []string{"a", "b"}}, {"", []string{"a"}}, {"", []string{"a", "b"}}}, []string{"a", "b"}, map[string]int{"a": 0, "b": 2}},
		{"only asked ids", []scan{{"", []string{"a", "b"}}}, []string{"b", "zz"}, map[string]int{"b": 0}},
		{"other contracts do not break it", []scan{{"", []string{"a"}}, {"other", nil}, {"", []string{"a"}}}, []string{"a"}, map[string]int{"a": 0}},
		{"duplicate ids in a scan", []scan{{"", []string{"a", "a"}}, {"", []string{"a"}}}, []string{"a"}, map[string]int{"a": 0}},
	}
	ctx := context.Background()
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			contract := fmt.Sprintf("c%d", n)
			for i, sc := range tt.scans {
				name := contract
				if sc.contract != "" {
					name = sc.contract + contract
				}
				s := Scan{ID: fmt.Sprintf("%s-s%d", contract, i), At: at(i), Contract: Contract{Name: name}, DriftIDs: sc.ids}
				if err := st.SaveScan(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			got, err := st.FirstSeen(ctx, contract, tt.ask)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			for id, i := range tt.want {
				want[id] = at(i).String()
			}
			gotText := map[string]string{}
			for id, when := range got {
				gotText[id] = when.String()
			}
			if !reflect.DeepEqual(gotText, want) {
				t.Errorf("FirstSeen = %v, want %v", gotText, want)
			}
		})
	}
}
