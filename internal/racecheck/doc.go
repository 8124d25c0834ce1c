// Package racecheck says whether the binary was built with the race
// detector, for tests whose work the detector only slows: CI runs every
// test without it, then the concurrent packages again with it (see
// .ci/run).
package racecheck
