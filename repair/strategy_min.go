package repair

func init() {
	Register("min", StrategyFunc(func(in FieldInput) (Resolved, error) { return byExtreme(in, "min") }))
}
