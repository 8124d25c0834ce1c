package watch

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/drift-sh/drift/state"
)

// The charts are drawn by gonum's plot into SVG on the server. The SVG
// names its fonts (Liberation Sans, whose metrics lay the text out) but
// does not embed them: the page's style falls back to the system's sans
// serif, so the page loads nothing and stays small at each refresh.
const chartW, chartH = 640 * vg.Length(0.75), 220 * vg.Length(0.75) // 640×220 px

// classColors are the page's colours for the open classes.
var classColors = map[state.Class]color.Color{
	state.ClassConverging: color.RGBA{0x00, 0x66, 0xaa, 0xff},
	state.ClassPersistent: color.RGBA{0xbb, 0x00, 0x00, 0xff},
	state.ClassUnknown:    color.RGBA{0xaa, 0x66, 0x00, 0xff},
}

// openChart plots the open drifts of each class over the cycles kept.
// Before the first scan, the time axis shows the minute up to now.
func openChart(hist []Point, now time.Time) (template.HTML, error) {
	p := plot.New()
	p.X.Label.Text = "scan started (UTC)"
	p.Y.Label.Text = "open drifts"
	p.X.Tick.Marker = plot.TimeTicks{Format: "15:04:05", Time: func(t float64) time.Time {
		return time.Unix(0, int64(t*1e9)).UTC()
	}}
	p.Y.Tick.Marker = intTicks{}
	p.Y.Min, p.Y.Max = 0, 1
	if len(hist) == 0 {
		p.X.Min, p.X.Max = float64(now.Add(-time.Minute).Unix()), float64(now.Unix())
	}
	p.Legend.Top, p.Legend.Left = true, true
	for _, cl := range openClasses {
		xys := make(plotter.XYs, len(hist))
		for i, pt := range hist {
			xys[i] = plotter.XY{X: float64(pt.At.UnixNano()) / 1e9, Y: float64(pt.Open[cl])}
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return "", fmt.Errorf("open drifts chart: %w", err)
		}
		l.Color, l.Width = classColors[cl], vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(string(cl), l)
	}
	p.Y.Max *= 1.5 // headroom: the legend sits above the lines
	p.Add(plotter.NewGrid())
	return svgOf(p, "open drifts over time")
}

// latencyBuckets are the upper bounds, in seconds, of the
// convergence-latency chart's bars; the last bar is everything longer.
var latencyBuckets = []float64{1, 5, 15, 30, 60, 300, 900, 3600, math.Inf(1)}

// latencyChart plots how long the drifts that converged lasted, as a bar
// per latency bucket.
func latencyChart(hist []Point) (template.HTML, error) {
	counts := make(plotter.Values, len(latencyBuckets))
	for _, pt := range hist {
		for _, s := range pt.Converged {
			for i, le := range latencyBuckets {
				if s.Latency.Seconds() <= le {
					counts[i]++
					break
				}
			}
		}
	}
	p := plot.New()
	p.X.Label.Text = "time from first seen to resolved"
	p.Y.Label.Text = "converged drifts"
	p.Y.Tick.Marker = intTicks{}
	p.Y.Min, p.Y.Max = 0, 1
	bars, err := plotter.NewBarChart(counts, vg.Points(28))
	if err != nil {
		return "", fmt.Errorf("convergence latency chart: %w", err)
	}
	bars.Color, bars.LineStyle.Width = classColors[state.ClassConverging], 0
	p.Add(plotter.NewGrid(), bars)
	names := make([]string, len(latencyBuckets))
	for i, le := range latencyBuckets {
		names[i] = "≤" + shortDuration(time.Duration(le)*time.Second)
	}
	names[len(names)-1] = ">" + shortDuration(time.Duration(latencyBuckets[len(names)-2])*time.Second)
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
	return svgOf(p, "convergence latency distribution")
}

// shortDuration drops time.Duration's zero minutes and seconds: 5m, 1h.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// svgOf draws p as inline SVG: the XML prolog and the library's comment
// are dropped (the SVG sits inside HTML), the size is kept, and an
// aria-label names the chart.
func svgOf(p *plot.Plot, label string) (template.HTML, error) {
	c := vgsvg.New(chartW, chartH)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", fmt.Errorf("chart %s: %w", label, err)
	}
	out := b.Bytes()
	if i := bytes.Index(out, []byte("<svg")); i >= 0 {
		out = out[i:]
	}
	out = bytes.Replace(out, []byte("<svg"), []byte(`<svg class="chart" role="img" aria-label="`+label+`"`), 1)
	return template.HTML(out), nil
}

// intTicks are the default ticks less the fractional ones, labelled as
// integers: the charts count drifts.
type intTicks struct{}

// Ticks implements plot.Ticker.
func (intTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Value != math.Trunc(t.Value) {
			continue
		}
		if t.Label != "" {
			t.Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
		}
		ts = append(ts, t)
	}
	return ts
}
