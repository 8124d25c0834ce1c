//go:build race

package racecheck

// Enabled is true in a build with -race.
const Enabled = true
