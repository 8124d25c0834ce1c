// Command gen writes a benchmark scenario for `drift scan`: two CSV replicas
// of N rows × 10 columns, where the second has 1% of rows with 1–3 changed
// fields, 0.1% of rows deleted and 0.1% added, in shuffled order, plus the
// drift.yaml that compares them (the left file is the authority, the right
// one writable, so the same data serves plan and apply benchmarks).
// -quoted gives a share of rows a city that must be quoted (a comma, an
// escaped "" quote, or a line break inside the quotes).
//
//	go run ./bench/gen -rows 1000000 -out bench/data/1m
//	go run ./bench/gen -rows 20000 -changed 0.5 -out bench/data/apply
//	go run ./bench/gen -rows 1000000 -quoted 0.2 -out bench/data/quoted-1m
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/drift-sh/drift/bench/benchdata"
)

const config = benchdata.Contract + `  resolve:
    authority: left
sources:
  left:  {type: file, path: left.csv}
  right: {type: file, path: right.csv, writable: true}
`

const header = "id,name,email,city,qty,score,price,balance,created,updated\n"

func main() {
	rows := flag.Int("rows", 100000, "rows per replica")
	out := flag.String("out", "bench/data", "output folder")
	seed := flag.Uint64("seed", 1, "random seed")
	changed := flag.Float64("changed", 0.01, "share of rows with 1–3 changed fields")
	quoted := flag.Float64("quoted", 0, "share of rows whose city cell is quoted")
	flag.Parse()
	if err := generate(*rows, *out, *seed, *changed, *quoted); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func generate(n int, dir string, seed uint64, changed, quoted float64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "drift.yaml"), []byte(config), 0o644); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	left := make([][]string, n)
	for i := range left {
		left[i] = row(rng, i)
		quote(rng, left[i], quoted)
	}
	right := make([][]string, 0, n+n/1000)
	for _, r := range left {
		switch x := rng.Float64(); {
		case x < 0.001: // 0.1% deleted
			continue
		case x < 0.001+changed: // changed in 1–3 fields
			right = append(right, change(rng, r))
		default:
			right = append(right, r)
		}
	}
	for i := 0; i < n/1000; i++ { // 0.1% added
		right = append(right, row(rng, n+i))
	}
	rng.Shuffle(len(left), func(i, j int) { left[i], left[j] = left[j], left[i] })
	rng.Shuffle(len(right), func(i, j int) { right[i], right[j] = right[j], right[i] })
	if err := write(filepath.Join(dir, "left.csv"), left); err != nil {
		return err
	}
	return write(filepath.Join(dir, "right.csv"), right)
}

var cities = []string{"Lisbon", "Berlin", "Austin", "Osaka", "Nairobi", "Lima", "Oslo", "Perth"}

// quotedCities need quotes in a CSV cell; the last spans two lines.
var quotedCities = []string{"Lisbon, PT", "Berlin, DE", `The "Big" Apple`, "Austin, TX", "Osaka\nJP"}

// quote gives a share of rows a city that must be quoted; with share 0 it
// draws nothing, so the other rows stay those of older runs.
func quote(rng *rand.Rand, r []string, share float64) {
	if share > 0 && rng.Float64() < share {
		r[3] = quotedCities[rng.IntN(len(quotedCities))]
	}
}

func row(rng *rand.Rand, i int) []string {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(300 * 24 * time.Hour))))
	return []string{
		strconv.Itoa(i),
		"customer " + strconv.Itoa(rng.IntN(1_000_000)),
		"user" + strconv.Itoa(i) + "@example.com",
		cities[rng.IntN(len(cities))],
		strconv.Itoa(rng.IntN(1000)),
		strconv.Itoa(rng.IntN(100000) - 50000),
		strconv.Itoa(rng.IntN(100000)) + "." + fmt.Sprintf("%02d", rng.IntN(100)),
		strconv.Itoa(rng.IntN(10_000_000)) + "." + fmt.Sprintf("%04d", rng.IntN(10000)),
		t.Format(time.RFC3339),
		t.Add(time.Duration(rng.Int64N(int64(time.Hour)))).Format("2006-01-02 15:04:05.000"),
	}
}

func change(rng *rand.Rand, r []string) []string {
	c := append([]string(nil), r...)
	for k := 1 + rng.IntN(3); k > 0; k-- {
		f := 1 + rng.IntN(len(c)-1)
		c[f] = c[f] + "9"
		if f >= 8 { // keep timestamps parseable: move them a day
			t, _ := time.Parse(time.RFC3339, r[8])
			c[f] = t.Add(24 * time.Hour).Format(time.RFC3339)
		}
	}
	return c
}

func write(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(header)
	for _, r := range rows {
		for i, v := range r {
			if i > 0 {
				w.WriteByte(',')
			}
			if strings.ContainsAny(v, ",\"\n") {
				v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
			w.WriteString(v)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
