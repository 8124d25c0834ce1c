// Package benchdata holds what the benchmark generators share: the
// contract their rows follow, so that file and database benchmarks measure
// the same comparison.
package benchdata

// Contract is the start of every benchmark config: the version line and the
// contract of the ten benchmark columns. Generators append resolve rules
// and sources.
const Contract = `version: 1
contract:
  name: bench
  version: 1
  key: [id]
  fields:
    id:       {type: int}
    name:     {type: string}
    email:    {type: string, normalize: [trim, lower]}
    city:     {type: string}
    qty:      {type: int}
    score:    {type: int}
    price:    {type: decimal, tolerance: 0.001}
    balance:  {type: decimal}
    created:  {type: timestamp, precision: 1s}
    updated:  {type: timestamp}
`
