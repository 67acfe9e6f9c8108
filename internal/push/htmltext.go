package push

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlToText renders an HTML fragment or document (Znuny's rich-text
// notification body) as plain text: block elements become line breaks,
// each <br> breaks the line, entities are decoded, script and style are dropped, runs of blank lines
// are collapsed.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	newline := func() {
		if tail := strings.TrimRight(b.String(), " \t"); tail != "" && !strings.HasSuffix(tail, "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if skip == 0 {
				// Source line breaks are mere whitespace in HTML.
				b.WriteString(strings.ReplaceAll(string(z.Text()), "\n", " "))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Head, atom.Title:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Br:
				// A <br> is a line break of its own, unlike a block's edge:
				// <br/><br/> is how rich-text editors make an empty line
				// between paragraphs, so two of them must give two breaks
				// (tidyText still keeps at most one blank line).
				b.WriteByte('\n')
			case atom.P, atom.Div, atom.Li, atom.Tr, atom.H1, atom.H2, atom.H3,
				atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Table, atom.Ul, atom.Ol, atom.Hr:
				newline()
			}
		}
	}
}

// tidyText trims every line, collapses inner whitespace and keeps at most
// one blank line in a row.
func tidyText(s string) string {
	var out []string
	blank := false
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
