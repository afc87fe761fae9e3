// Package diag collects the errors and warnings found in a site's content and
// data, each with the file, line and column it belongs to, so that one run
// reports every problem at once as "path:line:col: message".
//
// Loading code adds to a List as it goes and carries on; at the end of a stage
// the build asks the List whether anything was wrong.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Problem is one error or warning at a place in a file. Line and Col start at
// 1; zero means unknown (a problem with the whole file).
type Problem struct {
	Path    string
	Line    int
	Col     int
	Msg     string
	Warning bool
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("提醒：")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// List gathers problems from concurrent loaders.
type List struct {
	mu       sync.Mutex
	problems []Problem
}

// Errorf records an error at path:line:col.
func (l *List) Errorf(path string, line, col int, format string, args ...any) {
	l.add(Problem{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning: reported, but the build goes on.
func (l *List) Warnf(path string, line, col int, format string, args ...any) {
	l.add(Problem{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// Add records p.
func (l *List) Add(p Problem) { l.add(p) }

func (l *List) add(p Problem) {
	l.mu.Lock()
	l.problems = append(l.problems, p)
	l.mu.Unlock()
}

// Problems returns every problem recorded, sorted by file and position.
func (l *List) Problems() []Problem {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]Problem(nil), l.problems...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return out
}

// Err returns nil when no error (warnings aside) was recorded, else an *Errors
// holding the errors in order.
func (l *List) Err() error {
	var errs Errors
	for _, p := range l.Problems() {
		if !p.Warning {
			errs = append(errs, p)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Warnings returns the warnings recorded, in order.
func (l *List) Warnings() []Problem {
	var out []Problem
	for _, p := range l.Problems() {
		if p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Errors is the error a failed stage returns: every problem, one per line.
type Errors []Problem

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
