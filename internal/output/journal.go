package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
)

// The journal, dest/.dudao-journal, is what makes an interrupted update
// recoverable. It has two forms. While files are staged it is
//
//	dudao-journal 1
//	state staging
//	made DIR             directory about to be created
//	tmp TMP              temporary file about to be written
//
// with the "made" and "tmp" lines in any mix, appended as the transaction
// goes: each before the directory or file it names is made, so the journal
// names every one there may be (and maybe a few more). A process killed in
// the middle of an append may leave a last line without its newline; that
// line names something not yet begun and is ignored. Rolling back deletes
// every TMP (and the temporary manifest), then every DIR if empty, last ones
// first, then the journal.
//
// Commit replaces it, through a temporary name and a rename, with
//
//	dudao-journal 1
//	state committing
//	made DIR             directory created while staging
//	remove FILE          stale file to delete
//	rmdir DIR            directory to delete if empty (deepest first)
//	mkdir DIR            directory to create at commit (a stale file was in the way)
//	rename TMP<TAB>FINAL staged file to move into place
//	end
//
// in that order; the last rename is always the manifest. Each commit step is
// idempotent, so replaying the whole list after a crash is safe: a rename
// whose temporary file is gone has happened, a remove of something missing
// is done, and nothing is removed that has the wrong type (a "remove" never
// deletes a directory, an "rmdir" never a file). A staging journal of the
// form the committing one has, with "end" (written by earlier versions of
// dudao, which listed everything up front), is rolled back from its
// "rename" lines.
const (
	journalHeader = "dudao-journal 1"
	stateStaging  = "staging"
	stateCommit   = "committing"
)

type opKind string

const (
	opRemove opKind = "remove"
	opRmdir  opKind = "rmdir"
	opMkdir  opKind = "mkdir"
	opRename opKind = "rename"
)

type op struct {
	kind opKind
	path string // slash-separated, relative to dest: the final name
	tmp  string // for opRename: the staged name
}

type journal struct {
	state string
	made  []string // parents before children
	tmps  []string // staging only: temporary files
	ops   []op
}

// Hook phases for testHook.
const (
	phaseJournal = "journal" // step 1: the staging journal was just created
	phasePut     = "put"     // a temporary name was journaled, its file not yet written
	phaseStage   = "stage"   // a directory was made, a file or the manifest staged
	phaseCommit  = "commit"  // step 0: the committing journal is in place; n: op n done
)

// testHook, set only by tests, runs at the points listed above, with a step
// number per phase (1-based, except commit's 0). Returning an error
// simulates a failure at that point; panicking simulates the process being
// killed there (Put, Commit and Sync do no clean-up on a panic). During
// staging it may run on several goroutines at once, in any order of steps.
var testHook func(phase string, step int) error

func hook(phase string, step int) error {
	if testHook == nil {
		return nil
	}
	return testHook(phase, step)
}

// encode writes the journal; a staging one has no "end", for lines are
// appended to it.
func (j *journal) encode() []byte {
	var b bytes.Buffer
	b.WriteString(journalHeader + "\nstate " + j.state + "\n")
	for _, d := range j.made {
		b.WriteString("made " + d + "\n")
	}
	for _, t := range j.tmps {
		b.WriteString("tmp " + t + "\n")
	}
	for _, o := range j.ops {
		b.WriteString(string(o.kind) + " ")
		if o.kind == opRename {
			b.WriteString(o.tmp + "\t")
		}
		b.WriteString(o.path + "\n")
	}
	if j.state != stateStaging {
		b.WriteString("end\n")
	}
	return b.Bytes()
}

func parseJournal(data []byte) (*journal, error) {
	lines := strings.Split(string(data), "\n")
	// What follows the last newline: "" if the journal ends with one, else
	// a line cut short.
	cut := lines[len(lines)-1]
	lines = lines[:len(lines)-1]
	incomplete := errors.New("not a complete dudao journal")
	if len(lines) < 2 || lines[0] != journalHeader {
		return nil, incomplete
	}
	j := &journal{state: strings.TrimPrefix(lines[1], "state ")}
	if j.state != stateStaging && j.state != stateCommit {
		return nil, fmt.Errorf("unknown state line %q", lines[1])
	}
	body := lines[2:]
	switch {
	case len(body) > 0 && body[len(body)-1] == "end" && cut == "":
		body = body[:len(body)-1]
	case j.state == stateCommit:
		return nil, incomplete
	}
	for n, line := range body {
		kind, arg, _ := strings.Cut(line, " ")
		o := op{kind: opKind(kind), path: arg}
		switch o.kind {
		case "made":
			if err := checkShape(arg); err != nil {
				return nil, fmt.Errorf("line %d: %w", n+3, err)
			}
			j.made = append(j.made, arg)
			continue
		case "tmp":
			if err := checkShape(arg); err != nil {
				return nil, fmt.Errorf("line %d: %w", n+3, err)
			}
			if j.state != stateStaging || !isTmpName(arg) {
				return nil, fmt.Errorf("line %d: %q is not a temporary file of a staging journal", n+3, arg)
			}
			j.tmps = append(j.tmps, arg)
			continue
		case opRename:
			var ok bool
			if o.tmp, o.path, ok = strings.Cut(arg, "\t"); !ok {
				return nil, fmt.Errorf("line %d: rename without a tab", n+3)
			}
			if err := checkShape(o.tmp); err != nil {
				return nil, fmt.Errorf("line %d: %w", n+3, err)
			}
		case opRemove, opRmdir, opMkdir:
		default:
			return nil, fmt.Errorf("line %d: unknown entry %q", n+3, kind)
		}
		if err := checkShape(o.path); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+3, err)
		}
		j.ops = append(j.ops, o)
	}
	return j, nil
}

// save writes the journal atomically: to a temporary name, then renamed.
func (j *journal) save(dest string) error {
	tmp := filepath.Join(dest, journalTmp)
	if err := os.WriteFile(tmp, j.encode(), filePerm); err != nil {
		os.Remove(tmp)
		return fsErr("writing journal", tmp, err)
	}
	if err := os.Rename(tmp, filepath.Join(dest, journalName)); err != nil {
		os.Remove(tmp)
		return fsErr("writing journal", filepath.Join(dest, journalName), err)
	}
	return nil
}

// isTmpName reports whether p is a name Put stages a file under:
// ".NAME.dudao-tmp" in any directory, or ".dudao-staged-N.tmp" at the top.
func isTmpName(p string) bool {
	dir, base := path.Split(p)
	return strings.HasPrefix(base, ".") && strings.HasSuffix(base, tmpSuffix) ||
		dir == "" && strings.HasPrefix(base, stagedPrefix) && strings.HasSuffix(base, ".tmp")
}

// Recover finishes or rolls back an update of dest that was interrupted: if
// the journal says "staging", the temporary files and the directories made
// for them are removed and dest is the old site again; if it says
// "committing", the remaining steps are replayed and dest is the new site.
// Without a journal it does nothing. Begin (and so Sync) calls it first, so
// an interrupted build is repaired by the next one.
func Recover(dest string) error {
	jpath := filepath.Join(dest, journalName)
	data, err := os.ReadFile(jpath)
	if gone(err) {
		// A journal that was being written but never renamed into place
		// carries no state; nothing else was touched yet.
		return ignoreMissing(os.Remove(filepath.Join(dest, journalTmp)), "removing", filepath.Join(dest, journalTmp))
	}
	if err != nil {
		return fsErr("reading journal", jpath, err)
	}
	j, err := parseJournal(data)
	if err != nil {
		return fmt.Errorf("output: %s: %v; check the folder by hand, then delete the journal", jpath, err)
	}
	if j.state == stateStaging {
		return j.rollback(dest)
	}
	return j.commit(dest)
}

// rollback undoes staging: removes every staged file and the staged
// manifest, then the directories made for them if they are empty, then the
// journal.
func (j *journal) rollback(dest string) error {
	tmps := append([]string{manifestTmp}, j.tmps...)
	for _, o := range j.ops {
		if o.kind == opRename {
			tmps = append(tmps, o.tmp)
		}
	}
	for _, t := range tmps {
		p := abs(dest, t)
		if err := os.Remove(p); err != nil && !gone(err) {
			return fsErr("removing", p, err)
		}
	}
	for i := len(j.made) - 1; i >= 0; i-- {
		if err := rmdirIfEmpty(abs(dest, j.made[i])); err != nil {
			return err
		}
	}
	return removeJournal(dest)
}

// commit performs (or, after a crash, replays) every op, then removes the
// journal.
func (j *journal) commit(dest string) error {
	if err := hook(phaseCommit, 0); err != nil {
		return err
	}
	for i, o := range j.ops {
		if err := o.do(dest); err != nil {
			return err
		}
		if err := hook(phaseCommit, i+1); err != nil {
			return err
		}
	}
	return removeJournal(dest)
}

func (o op) do(dest string) error {
	p := abs(dest, o.path)
	switch o.kind {
	case opRemove:
		fi, err := os.Lstat(p)
		if gone(err) || err == nil && fi.IsDir() {
			return nil // removed before the interruption, or not a file
		}
		if err != nil {
			return fsErr("removing", p, err)
		}
		return ignoreMissing(os.Remove(p), "removing", p)
	case opRmdir:
		return rmdirIfEmpty(p)
	case opMkdir:
		if err := os.MkdirAll(p, dirPerm); err != nil {
			return fsErr("creating", p, err)
		}
		return nil
	case opRename:
		t := abs(dest, o.tmp)
		err := os.Rename(t, p)
		if err == nil {
			return nil
		}
		if _, serr := os.Lstat(t); errors.Is(serr, fs.ErrNotExist) {
			return nil // renamed before the interruption
		}
		return fsErr("renaming into place", p, err)
	}
	return fmt.Errorf("output: unknown journal op %q", o.kind)
}

func removeJournal(dest string) error {
	for _, name := range []string{journalName, journalTmp} {
		p := filepath.Join(dest, name)
		if err := ignoreMissing(os.Remove(p), "removing", p); err != nil {
			return err
		}
	}
	return nil
}

// rmdirIfEmpty removes p if it is a directory and empty; anything else is
// left alone without error.
func rmdirIfEmpty(p string) error {
	fi, err := os.Lstat(p)
	if gone(err) || err == nil && !fi.IsDir() {
		return nil
	}
	if err != nil {
		return fsErr("removing directory", p, err)
	}
	err = os.Remove(p)
	if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST) {
		return nil
	}
	return fsErr("removing directory", p, err)
}

func abs(dest, rel string) string { return filepath.Join(dest, filepath.FromSlash(rel)) }

// gone reports whether err says the path does not exist (or cannot, because
// a parent is not a directory).
func gone(err error) bool {
	return err != nil && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR))
}

func ignoreMissing(err error, op, p string) error {
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return fsErr(op, p, err)
}

// fsErr names the operation and the full path once, dropping the path an
// *fs.PathError or *os.LinkError already carries.
func fsErr(op, p string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("output: %s %s: %w", op, p, err)
}
