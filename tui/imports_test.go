package tui

import (
	"os/exec"
	"strings"
	"testing"
)

// The session is a face: it reaches sources only through scan and repair.
// No package under tui/ may import sources itself, in its code or its
// tests (the Imports go list reports, not the transitive deps).
func TestTUIDoesNotImportSources(t *testing.T) {
	const forbidden = "github.com/drift-sh/drift/sources"
	out, err := exec.Command("go", "list", "-f",
		`{{.ImportPath}}: {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) == 0 {
		t.Fatal("go list listed no package")
	}
	for _, line := range lines {
		pkg, imports, _ := strings.Cut(line, ": ")
		for _, imp := range strings.Fields(imports) {
			if imp == forbidden {
				t.Errorf("%s imports %s; go through scan and repair instead", pkg, forbidden)
			}
		}
	}
}
