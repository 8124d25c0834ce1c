package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// releaseConfig is the part of .goreleaser.yaml the tests check.
type releaseConfig struct {
	Before struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
	Builds []struct {
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		Files []string `yaml:"files"`
	} `yaml:"archives"`
	Nfpms []struct {
		Formats  []string `yaml:"formats"`
		License  string   `yaml:"license"`
		Contents []struct {
			Src string `yaml:"src"`
			Dst string `yaml:"dst"`
		} `yaml:"contents"`
	} `yaml:"nfpms"`
	Sboms     []map[string]any `yaml:"sboms"`
	Changelog map[string]any   `yaml:"changelog"`
}

func readReleaseConfig(t *testing.T) releaseConfig {
	t.Helper()
	data, err := os.ReadFile(".goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rc releaseConfig
	if err := yaml.Unmarshal(data, &rc); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if len(rc.Builds) != 1 {
		t.Fatalf(".goreleaser.yaml: %d builds, want 1", len(rc.Builds))
	}
	return rc
}

// TestReleaseVersionStamp builds drift with the release's ldflags (the
// version a tag would give) and checks that drift --version and drift
// version print it. It leaves out the release's -trimpath and
// CGO_ENABLED=0, which change no linker flag but would rebuild every
// package instead of reusing the ones the tests built.
func TestReleaseVersionStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	b := readReleaseConfig(t).Builds[0]
	const version = "9.8.7-rc.1"
	ldflags := strings.ReplaceAll(strings.Join(b.Ldflags, " "), "{{.Version}}", version)
	if strings.Contains(ldflags, "{{") {
		t.Fatalf("ldflags use a template this test does not fill: %s", ldflags)
	}
	bin := filepath.Join(t.TempDir(), "drift")
	args := []string{"build", "-ldflags", ldflags, "-o", bin, "."}
	build := exec.Command("go", args...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	for _, arg := range []string{"--version", "version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil {
			t.Fatalf("drift %s: %v", arg, err)
		}
		if !strings.HasPrefix(string(out), "drift "+version+" (") {
			t.Errorf("drift %s = %q, want it to start with %q", arg, out, "drift "+version+" (")
		}
	}
}

// TestReleaseShipsExtras: the archives and the .deb and .rpm packages
// carry the license, the completions and the man page the hooks make;
// the release has an SBOM and a changelog.
func TestReleaseShipsExtras(t *testing.T) {
	rc := readReleaseConfig(t)
	hooks := strings.Join(rc.Before.Hooks, "\n")
	for _, made := range []string{"completion bash > completions/drift.bash", "completion zsh > completions/_drift",
		"completion fish > completions/drift.fish", ". man | gzip -9n > manpages/drift.1.gz"} {
		if !strings.Contains(hooks, made) {
			t.Errorf("before hooks do not run drift %s", made)
		}
	}
	if len(rc.Archives) == 0 {
		t.Fatal("no archives")
	}
	for _, f := range []string{"LICENSE", "README.md", "completions/*", "manpages/*"} {
		if !slices.Contains(rc.Archives[0].Files, f) {
			t.Errorf("archives lack %s", f)
		}
	}
	if len(rc.Nfpms) == 0 || !slices.Contains(rc.Nfpms[0].Formats, "deb") || !slices.Contains(rc.Nfpms[0].Formats, "rpm") {
		t.Fatalf("nfpms should build deb and rpm: %+v", rc.Nfpms)
	}
	var dsts []string
	for _, c := range rc.Nfpms[0].Contents {
		dsts = append(dsts, c.Dst)
	}
	for _, d := range []string{"/usr/share/bash-completion/completions/drift", "/usr/share/zsh/vendor-completions/_drift",
		"/usr/share/fish/vendor_completions.d/drift.fish", "/usr/share/man/man1/drift.1.gz"} {
		if !slices.Contains(dsts, d) {
			t.Errorf("packages lack %s", d)
		}
	}
	if rc.Nfpms[0].License != "Apache-2.0" {
		t.Errorf("package license %q, want Apache-2.0", rc.Nfpms[0].License)
	}
	if len(rc.Sboms) == 0 || rc.Changelog == nil {
		t.Error("the release should write an SBOM and a changelog")
	}
	if lic, err := os.ReadFile("LICENSE"); err != nil || !strings.Contains(string(lic), "Apache License\n                           Version 2.0") {
		t.Errorf("LICENSE is not the Apache License 2.0 (%v)", err)
	}
}
