package contract

import (
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// LoadContract reads the contract of a contract file, or of a whole config
// file (its `contract:`, inline or the file it names), without reading the
// config's sources: `drift contract diff` compares contracts in CI, where
// the sources' settings (DSNs from the environment) are not at hand. Every
// problem of the contract is reported, as Load reports them.
func LoadContract(path string, getenv Getenv) (*Contract, error) {
	if getenv == nil {
		getenv = os.LookupEnv
	}
	l := &loader{getenv: getenv, raw: map[*yaml.Node]string{}, files: []string{path}}
	r := reader{l: l, file: path}
	c := r.contractOnly()
	if l.limit != nil {
		return nil, &LoadError{Problems: []Problem{*l.limit}}
	}
	if len(l.problems) > 0 {
		return nil, l.err()
	}
	return c, nil
}

// contractOnly reads the file and its contract: the `contract:` entry of a
// config, else the whole file as a contract.
func (r reader) contractOnly() *Contract {
	data, err := os.ReadFile(r.file)
	if err != nil {
		r.errorf(nil, "cannot read the contract: %v; give a contract file or a drift config", pathErr(err))
		return nil
	}
	root := r.parse(data)
	if root == nil {
		return nil
	}
	if deref(root).Kind != yaml.MappingNode {
		r.errorf(root, "a contract must be a mapping with name, key and fields, not %s", describeDoc(root))
		return nil
	}
	for _, p := range r.entries(deref(root), "the file") {
		if p.key.Value != "contract" {
			continue
		}
		if p.val = r.expand(p.val); p.val == nil {
			return nil
		}
		return r.contractAt(p, filepath.Dir(r.file))
	}
	if root = r.expand(root); root == nil {
		return nil
	}
	return r.contract(root)
}
