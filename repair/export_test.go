package repair

// SetMaxBatch makes a file batch's parts n ops long until the test ends
// (restore puts the default back).
func SetMaxBatch(n int) (restore func()) {
	old := maxBatch
	maxBatch = n
	return func() { maxBatch = old }
}
