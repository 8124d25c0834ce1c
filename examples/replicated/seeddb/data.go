package seeddb

// order is one row of the example, as its database columns hold it: amount
// as exact decimal text, tags as a list, paidAt as RFC 3339 ("" for NULL),
// meta as JSON text.
type order struct {
	ID       int
	Customer string
	Amount   string
	Currency string
	Status   string
	Tags     []string
	PaidAt   string
	Meta     string
}

// primaryOrders are the rows of the PostgreSQL primary: the truth.
var primaryOrders = []order{
	{1001, "Ada Lovelace", "250.00", "EUR", "paid", []string{"priority", "gift"}, "2026-03-01T10:00:00Z", `{"channel": "web", "items": 2}`},
	{1002, "Grace Hopper", "99.90", "USD", "paid", []string{"gift"}, "2026-03-02T11:30:00Z", `{"channel": "app", "items": 1}`},
	{1003, "Alan Turing", "125.00", "GBP", "shipped", nil, "2026-03-03T09:15:00Z", `{"channel": "web", "items": 3}`},
	{1004, "Edsger Dijkstra", "80.00", "EUR", "paid", []string{"wholesale"}, "2026-03-04T16:45:30Z", `{"channel": "phone", "items": 10}`},
	{1005, "Barbara Liskov", "42.50", "USD", "paid", nil, "2026-03-05T08:00:00Z", `{"channel": "web", "items": 1}`},
	{1006, "Donald Knuth", "12.50", "EUR", "pending", []string{"books"}, "", `{"channel": "app", "items": 1}`},
	{1007, "Margaret Hamilton", "310.00", "USD", "cancelled", nil, "", `{"channel": "web", "items": 4}`},
	{1008, "Ken Thompson", "18.75", "GBP", "pending", []string{"gift", "books"}, "", `{"channel": "app", "items": 2}`},
}

// replicaOrders are the rows of the MariaDB replica. Besides differences
// that are not drift (set order, key order in meta, case of an enum, a
// padded name, an amount within tolerance), it lacks order 1002 and holds a
// stale amount for 1003.
var replicaOrders = []order{
	{1001, "Ada Lovelace", "250.00", "EUR", "paid", []string{"gift", "priority"}, "2026-03-01T10:00:00Z", `{"items": 2, "channel": "web"}`},
	{1003, "Alan Turing", "120.00", "GBP", "shipped", nil, "2026-03-03T09:15:00Z", `{"channel": "web", "items": 3}`},
	{1004, "Edsger Dijkstra", "80.01", "EUR", "paid", []string{"wholesale"}, "2026-03-04T16:45:30Z", `{"channel": "phone", "items": 10}`},
	{1005, "Barbara Liskov ", "42.50", "usd", "paid", nil, "2026-03-05T08:00:00Z", `{"channel": "web", "items": 1}`},
	{1006, "Donald Knuth", "12.50", "EUR", "pending", []string{"books"}, "", `{"channel": "app", "items": 1.0}`},
	{1007, "Margaret Hamilton", "310.00", "USD", "cancelled", nil, "", `{"channel": "web", "items": 4}`},
	{1008, "Ken Thompson", "18.75", "GBP", "pending", []string{"books", "gift"}, "", `{"channel": "app", "items": 2}`},
}

// cacheOrders are the Redis hashes, keyed by order id; every value is text,
// order_id comes from the key itself. Besides differences that are not
// drift (timestamp notation, "250" for "250.00"), order 1005 has a stale
// status, 1006 an amount that is not a number, and 1099 is an order the
// database no longer has.
var cacheOrders = map[string]map[string]string{
	"1001": {"customer": "Ada Lovelace", "amount": "250", "currency": "EUR", "status": "paid", "tags": "gift;priority", "paid_at": "2026-03-01 10:00:00", "meta": `{"channel":"web","items":2}`},
	"1002": {"customer": "Grace Hopper", "amount": "99.90", "currency": "USD", "status": "paid", "tags": "gift", "paid_at": "2026-03-02T11:30:00Z", "meta": `{"channel":"app","items":1}`},
	"1003": {"customer": "Alan Turing", "amount": "125.00", "currency": "GBP", "status": "shipped", "paid_at": "2026-03-03T09:15:00Z", "meta": `{"channel":"web","items":3}`},
	"1004": {"customer": "Edsger Dijkstra", "amount": "80.00", "currency": "EUR", "status": "paid", "tags": "wholesale", "paid_at": "1772642730", "meta": `{"channel":"phone","items":10}`},
	"1005": {"customer": "Barbara Liskov", "amount": "42.50", "currency": "USD", "status": "pending", "paid_at": "2026-03-05T08:00:00Z", "meta": `{"channel":"web","items":1}`},
	"1006": {"customer": "Donald Knuth", "amount": "12,50", "currency": "EUR", "status": "pending", "tags": "books", "meta": `{"channel":"app","items":1}`},
	"1007": {"customer": "Margaret Hamilton", "amount": "310.00", "currency": "USD", "status": "cancelled", "meta": `{"channel":"web","items":4}`},
	"1008": {"customer": "Ken Thompson", "amount": "18.75", "currency": "GBP", "status": "pending", "tags": "books;gift", "meta": `{"channel":"app","items":2}`},
	"1099": {"customer": "Ada Lovelace", "amount": "5.00", "currency": "EUR", "status": "cancelled", "meta": `{"channel":"web","items":1}`},
}
