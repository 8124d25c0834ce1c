package watch

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"time"

	"github.com/drift-sh/drift/state"
)

// pageTmpl is the live page: self-contained HTML, its charts inline SVG,
// no script and no external asset, so it works offline and under a strict
// Content-Security-Policy.
var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="30">
<title>drift watch: {{.Contract}}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}
td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}h2{margin-top:1.2em}
.persistent{color:#b00}.unknown{color:#a60}.converging{color:#06a}svg{background:#fafafa}</style></head>
<body><h1>drift watch: {{.Contract}}</h1>
<p>{{if .Last}}last scan {{.Last}}; {{end}}{{.Total}} open drifts</p>
<h2>Open drifts over time</h2>{{.OpenChart}}
<h2>Convergence latency</h2>{{.LatencyChart}}
{{range .Groups}}<h2 class="{{.Class}}">{{.Class}} ({{len .Rows}})</h2>
<table><tr><th>age</th><th>kind</th><th>key</th><th>source</th><th>field</th><th>first seen</th></tr>
{{range .Rows}}<tr><td>{{.Age}}</td><td>{{.Kind}}</td><td>{{.Key}}</td><td>{{.Source}}</td><td>{{.Field}}</td><td>{{.FirstSeen}}</td></tr>
{{end}}</table>{{end}}
</body></html>
`))

type pageRow struct{ Age, Kind, Key, Source, Field, FirstSeen string }

type pageGroup struct {
	Class state.Class
	Rows  []pageRow
}

// pageRowCap bounds the rows listed per class.
const pageRowCap = 500

func writePage(w io.Writer, wt *Watcher) error {
	open, hist, last := wt.Snapshot()
	data := struct {
		Contract, Last          string
		Total                   int
		OpenChart, LatencyChart template.HTML
		Groups                  []pageGroup
	}{Contract: wt.o.Contract, Total: len(open), OpenChart: openChart(hist), LatencyChart: latencyChart(hist)}
	now := wt.o.Now()
	if last != nil {
		data.Last = last.Report.FinishedAt.Format(time.RFC3339)
		now = last.Report.StartedAt
	}
	for _, cl := range []state.Class{state.ClassPersistent, state.ClassUnknown, state.ClassConverging} {
		g := pageGroup{Class: cl}
		for _, l := range open {
			if l.Class != cl || len(g.Rows) == pageRowCap {
				continue
			}
			g.Rows = append(g.Rows, pageRow{Age: now.Sub(l.FirstSeen).Round(time.Second).String(), Kind: l.Kind,
				Key: string(l.Key), Source: l.Source, Field: l.Field, FirstSeen: l.FirstSeen.Format(time.RFC3339)})
		}
		if len(g.Rows) > 0 {
			data.Groups = append(data.Groups, g)
		}
	}
	return pageTmpl.Execute(w, data)
}

const chartW, chartH, pad = 640, 180, 36

// openChart draws open drifts per class over the cycles, one polyline a class.
func openChart(hist []Point) template.HTML {
	var b strings.Builder
	svgOpen(&b, "open drifts over time")
	top := 1
	for _, p := range hist {
		for _, n := range p.Open {
			top = max(top, n)
		}
	}
	axes(&b, fmt.Sprint(top), "0")
	colors := map[state.Class]string{state.ClassConverging: "#06a", state.ClassPersistent: "#b00", state.ClassUnknown: "#a60"}
	for i, cl := range openClasses {
		var pts []string
		for j, p := range hist {
			x := pad + float64(j)*float64(chartW-2*pad)/math.Max(1, float64(len(hist)-1))
			y := chartH - pad - float64(p.Open[cl])*float64(chartH-2*pad)/float64(top)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		}
		fmt.Fprintf(&b, `<polyline class="series" fill="none" stroke="%s" stroke-width="2" points="%s"/>`, colors[cl], strings.Join(pts, " "))
		fmt.Fprintf(&b, `<text x="%d" y="14" fill="%s">%s</text>`, pad+i*110, colors[cl], cl)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// latencyBuckets are the convergence-latency chart's bars, in seconds.
var latencyBuckets = []float64{1, 5, 15, 30, 60, 300, 900, 3600, math.Inf(1)}

// latencyChart draws the distribution of convergence latencies as bars.
func latencyChart(hist []Point) template.HTML {
	counts := make([]int, len(latencyBuckets))
	top := 1
	for _, p := range hist {
		for _, s := range p.Converged {
			for i, le := range latencyBuckets {
				if s.Latency.Seconds() <= le {
					counts[i]++
					top = max(top, counts[i])
					break
				}
			}
		}
	}
	var b strings.Builder
	svgOpen(&b, "convergence latency distribution")
	axes(&b, fmt.Sprint(top), "0")
	bw := float64(chartW-2*pad) / float64(len(counts))
	for i, n := range counts {
		h := float64(n) * float64(chartH-2*pad) / float64(top)
		x := pad + float64(i)*bw
		fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#06a"><title>%d</title></rect>`,
			x+2, float64(chartH-pad)-h, bw-4, h, n)
		label := "≤" + (time.Duration(latencyBuckets[i]) * time.Second).String()
		if math.IsInf(latencyBuckets[i], 1) {
			label = ">1h0m0s"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10">%s</text>`, x+2, chartH-pad+14, label)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func svgOpen(b *strings.Builder, title string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="%s" font-family="sans-serif" font-size="11">`,
		chartW, chartH, title)
}

func axes(b *strings.Builder, top, bottom string) {
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, pad, pad, pad, chartH-pad)
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, pad, chartH-pad, chartW-pad, chartH-pad)
	fmt.Fprintf(b, `<text x="4" y="%d">%s</text><text x="4" y="%d">%s</text>`, pad+4, top, chartH-pad, bottom)
}
