// Package excelcsv writes the CSV files of the open data and the charts the
// way Excel on Chinese Windows reads them: UTF-8 with a byte-order mark (else
// Excel takes the file for GBK), CRLF line ends, and no cell that Excel would
// run as a formula. School names, tasks and problems come from offices' data
// sheets and end up on readers' computers; a cell like =HYPERLINK(…) must
// stay text.
package excelcsv

import (
	"encoding/csv"
	"io"
	"strconv"
)

// A Writer writes records as CSV for Excel.
type Writer struct {
	w   *csv.Writer
	rec []string
}

// NewWriter writes the byte-order mark and returns a Writer to w.
func NewWriter(w io.Writer) (*Writer, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{w: cw}, nil
}

// Write writes one record, every cell made safe with Cell.
func (w *Writer) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, c := range record {
		w.rec = append(w.rec, Cell(c))
	}
	return w.w.Write(w.rec)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Cell returns s as a cell Excel shows as it is: text that Excel would read
// as a formula (it starts with = + - @, a tab or a carriage return) gets an
// apostrophe in front, which Excel hides and which makes the cell text.
// Numbers, negative ones too, stay numbers.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}
