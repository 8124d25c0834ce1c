package cmd

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
)

// configFlag is the -c flag of every command that reads a config.
func configFlag() *cli.StringFlag {
	return &cli.StringFlag{
		Name: "config", Aliases: []string{"c"}, Value: "drift.yaml",
		Usage: "the config file", TakesFile: true,
	}
}

// loadConfig reads and validates the config; every mistake is a usage error
// (exit 2), found before any source is read.
func loadConfig(sio *IO, path string) (*contract.Config, error) {
	cfg, err := scan.Load(path, sio.Getenv, contract.WithStrategies(repair.Strategies()))
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	return cfg, nil
}

// openSources loads the config and initializes its sources.
func openSources(sio *IO, path string) (*contract.Config, []*scan.Opened, error) {
	cfg, err := loadConfig(sio, path)
	if err != nil {
		return nil, nil, err
	}
	srcs, err := scan.Open(cfg)
	if err != nil {
		var le *contract.LoadError
		if errors.As(err, &le) {
			return nil, nil, &UsageError{Err: err}
		}
		return nil, nil, err
	}
	return cfg, srcs, nil
}

// newRunID returns a time-ordered, unique run id: 20261126T101500Z-a1b2c3.
func newRunID(now time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
