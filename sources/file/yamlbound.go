package file

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// aliasSlack and aliasFactor bound what aliases may add to a YAML file's
// records: expanded, they may hold at most aliasFactor times the nodes
// written in the file, plus aliasSlack. Anchors for shared defaults stay
// well inside that; nested aliases that make a tiny file expand to
// billions of nodes are refused before a record is read.
const (
	aliasSlack  = 1_000_000
	aliasFactor = 10
)

// yamlCheck walks a records list once, before any record is converted:
// it counts the nodes written and the nodes the records expand to through
// aliases, and finds mappings that name a key twice.
type yamlCheck struct {
	sizes   map[*yaml.Node]int // expanded size of each node walked; -1 while walking it
	written int
}

// checkYAML refuses a records list whose aliases expand beyond the bound,
// or that holds a mapping with a duplicate key.
func (s *Source) checkYAML(seq *yaml.Node) error {
	c := &yamlCheck{sizes: map[*yaml.Node]int{}}
	total, err := c.size(seq)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	if limit := aliasFactor*c.written + aliasSlack; total > limit {
		return fmt.Errorf("%s: line %d: the records expand to more than %d YAML nodes through aliases (the file writes %d); write them out without nested aliases",
			s.name, seq.Line, limit, c.written)
	}
	return nil
}

// size is the number of nodes n expands to. Sizes saturate well above any
// limit, so a hostile file cannot overflow them.
func (c *yamlCheck) size(n *yaml.Node) (int, error) {
	if got, ok := c.sizes[n]; ok {
		if got < 0 {
			return 0, fmt.Errorf("line %d: an alias refers to the node that holds it", n.Line)
		}
		return got, nil
	}
	c.sizes[n] = -1
	c.written++
	total := 1
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 0, fmt.Errorf("line %d: alias %q refers to no anchor", n.Line, n.Value)
		}
		sub, err := c.size(n.Alias)
		if err != nil {
			return 0, err
		}
		total = sub
	}
	if n.Kind == yaml.MappingNode {
		if err := duplicateKey(n); err != nil {
			return 0, err
		}
	}
	for _, child := range n.Content {
		sub, err := c.size(child)
		if err != nil {
			return 0, err
		}
		total = min(total+sub, 1<<50)
	}
	c.sizes[n] = total
	return total, nil
}

// duplicateKey refuses a mapping that gives one key twice: reading it,
// the last would silently win. Merge keys (<<) may repeat.
func duplicateKey(m *yaml.Node) error {
	seen := make(map[string]int, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode || isMergeKey(k) {
			continue
		}
		if line, dup := seen[k.Value]; dup {
			return fmt.Errorf("line %d: key %q appears twice in one mapping (first at line %d); keep one", k.Line, k.Value, line)
		}
		seen[k.Value] = k.Line
	}
	return nil
}

func isMergeKey(k *yaml.Node) bool { return k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0) }
