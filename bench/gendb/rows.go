package main

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// columns of every benchmark table, in order.
var columns = []string{"id", "name", "email", "city", "qty", "score", "price", "balance", "created", "updated"}

const createTable = `(
	id bigint, name text, email text, city text, qty integer, score integer,
	price numeric(12,2), balance numeric(14,4), created timestamptz, updated timestamptz)`

var cities = []string{"Lisbon", "Berlin", "Austin", "Osaka", "Nairobi", "Lima", "Oslo", "Perth"}

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// row is one benchmark record; price is in cents, balance in 1/10000.
type row struct {
	id               int64
	name, email      string
	city             string
	qty, score       int32
	price, balance   int64
	created, updated time.Time
}

// makeRow derives row id's values from the seed alone, so both replicas
// can generate the same row without holding the table in memory.
func makeRow(seed uint64, id int64) row {
	rng := rand.New(rand.NewPCG(seed, uint64(id)))
	created := epoch.Add(time.Duration(rng.Int64N(int64(300*24*time.Hour))) / time.Second * time.Second)
	return row{
		id:      id,
		name:    "customer " + strconv.Itoa(rng.IntN(1_000_000)),
		email:   "user" + strconv.FormatInt(id, 10) + "@example.com",
		city:    cities[rng.IntN(len(cities))],
		qty:     int32(rng.IntN(1000)),
		score:   int32(rng.IntN(100000) - 50000),
		price:   rng.Int64N(10_000_000),
		balance: rng.Int64N(100_000_000_000),
		created: created,
		updated: created.Add(time.Duration(rng.Int64N(int64(time.Hour))) / time.Millisecond * time.Millisecond),
	}
}

// change alters 1–3 of r's non-key fields.
func change(rng *rand.Rand, r row) row {
	for k := 1 + rng.IntN(3); k > 0; k-- {
		switch rng.IntN(9) {
		case 0:
			r.name += "9"
		case 1:
			r.email = "changed." + r.email
		case 2:
			r.city += "9"
		case 3:
			r.qty++
		case 4:
			r.score--
		case 5:
			r.price += 100
		case 6:
			r.balance += 10000
		case 7:
			r.created = r.created.Add(24 * time.Hour)
		default:
			r.updated = r.updated.Add(time.Hour)
		}
	}
	return r
}

// values is r as COPY values.
func (r row) values() []any {
	return []any{r.id, r.name, r.email, r.city, r.qty, r.score,
		pgtype.Numeric{Int: big.NewInt(r.price), Exp: -2, Valid: true},
		pgtype.Numeric{Int: big.NewInt(r.balance), Exp: -4, Valid: true},
		r.created, r.updated}
}

// hash is r as the fields of a Redis hash: every value text.
func (r row) hash() map[string]any {
	return map[string]any{
		"name": r.name, "email": r.email, "city": r.city,
		"qty":     strconv.Itoa(int(r.qty)),
		"score":   strconv.Itoa(int(r.score)),
		"price":   fixed(r.price, 2),
		"balance": fixed(r.balance, 4),
		"created": r.created.Format(time.RFC3339),
		"updated": r.updated.Format(time.RFC3339Nano),
	}
}

// fixed formats n / 10^scale with scale decimals.
func fixed(n int64, scale int) string {
	return new(big.Rat).SetFrac(big.NewInt(n), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)).FloatString(scale)
}
