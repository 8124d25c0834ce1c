package watch

import (
	"html/template"
	"io"
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
.persistent{color:#b00}.unknown{color:#a60}.converging{color:#06a}
svg.chart{display:block;background:#fafafa}
svg.chart text{font-family:"Liberation Sans",Arimo,Arial,Helvetica,"DejaVu Sans",sans-serif!important}</style></head>
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
	}{Contract: wt.o.Contract, Total: len(open)}
	now := wt.o.Now()
	if last != nil {
		data.Last = last.Report.FinishedAt.Format(time.RFC3339)
		now = last.Report.StartedAt
	}
	var err error
	if data.OpenChart, err = openChart(hist, now); err != nil {
		return err
	}
	if data.LatencyChart, err = latencyChart(hist); err != nil {
		return err
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
