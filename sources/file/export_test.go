package file

// SetWholeBelow sets the size under which a batch stages a whole file, and
// returns a function that puts it back.
func SetWholeBelow(n int64) func() {
	old := wholeBelow
	wholeBelow = n
	return func() { wholeBelow = old }
}
