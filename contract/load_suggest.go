package contract

import "strings"

// Suggest returns the word of known closest to word, or "" when none is
// close enough to be the likely intent; callers outside the loader (the
// source registry) use it for their own "did you mean" hints.
func Suggest(word string, known []string) string { return suggest(word, known) }

// suggest returns the word of known closest to word, or "" when none is
// close enough to be the likely intent.
func suggest(word string, known []string) string {
	best, bestDist := "", len(word)/3+2
	for _, k := range known {
		if strings.EqualFold(word, k) {
			return k
		}
		if d := editDistance(word, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, with the swap
// of two neighbouring letters counting as one edit.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
