package repair

import (
	"context"
	"errors"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/sources"
)

// ErrRefused marks a plan that Apply will not run: made under another
// contract, or holding ops the config cannot apply. Nothing was written.
var ErrRefused = errors.New("plan refused, nothing was written")

// Targets maps each writable source of a config to its writer: the
// targets Apply and Rollback may write.
func Targets(srcs []*scan.Opened) map[string]sources.Writer {
	out := map[string]sources.Writer{}
	for _, o := range srcs {
		if w, ok := o.Writer(); ok {
			out[o.Name] = w
		}
	}
	return out
}

// Apply is the one way a plan is written, whoever made it (drift plan, a
// repair session's decisions, watch, a queue worker): it checks that the
// plan was made under contract c and that every op is one the targets can
// apply (Validate), and only then executes it. A refusal wraps ErrRefused.
func Apply(ctx context.Context, plan *Plan, c *contract.Contract, targets map[string]sources.Writer, j Journal, opts ExecOptions) (*RunResult, error) {
	checked, err := Check(plan, c, targets)
	if err != nil {
		return nil, err
	}
	return checked.Apply(ctx, j, opts)
}

// Checked is a plan that passed CheckPlan against a contract and targets,
// for a caller that must refuse a plan before asking to confirm it (drift
// apply) to apply without checking it twice: validating 100,000 ops costs
// about 0.1 s. The plan must not change between Check and Apply.
type Checked struct {
	plan    *Plan
	c       *contract.Contract
	targets map[string]sources.Writer
}

// Check makes CheckPlan's checks and returns the plan, checked.
func Check(plan *Plan, c *contract.Contract, targets map[string]sources.Writer) (*Checked, error) {
	if err := CheckPlan(plan, c, targets); err != nil {
		return nil, err
	}
	return &Checked{plan: plan, c: c, targets: targets}, nil
}

// Apply executes the checked plan, as Apply does once its checks passed.
func (k *Checked) Apply(ctx context.Context, j Journal, opts ExecOptions) (*RunResult, error) {
	return Execute(ctx, k.plan, k.c, k.targets, j, opts)
}

// CheckPlan makes Apply's checks without writing: the plan was made under
// contract c (CheckContract) and every op is one the targets can apply
// (Validate). A face calls it to refuse a plan before asking to confirm.
func CheckPlan(plan *Plan, c *contract.Contract, targets map[string]sources.Writer) error {
	if err := CheckContract(plan, c); err != nil {
		return err
	}
	writable := make(map[string]bool, len(targets))
	for name := range targets {
		writable[name] = true
	}
	if err := Validate(plan, c, writable); err != nil {
		return fmt.Errorf("%w: the plan has ops this config cannot apply:\n%w", ErrRefused, err)
	}
	return nil
}

// CheckContract refuses a plan made under another contract than c,
// naming both versions.
func CheckContract(plan *Plan, c *contract.Contract) error {
	if plan.Contract.Digest == c.Digest {
		return nil
	}
	return fmt.Errorf("%w: plan was made under contract %s v%d (%s), config has v%d (%s); make a new plan with drift plan",
		ErrRefused, plan.Contract.Name, plan.Contract.Version, plan.Contract.Digest, c.Version, c.Digest)
}
