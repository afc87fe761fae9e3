package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// The journal, dest/.dudao-journal, is what makes an interrupted Sync
// recoverable. Its text form is
//
//	dudao-journal 1
//	state staging|committing
//	made DIR             directory created while staging (rolled back if empty)
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
// deletes a directory, an "rmdir" never a file).
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
	ops   []op
}

// Hook phases for testHook.
const (
	phaseStage  = "stage"
	phaseCommit = "commit"
)

// testHook, set only by tests, runs after every step of staging (each
// directory made, each file staged, the manifest staged) and of committing
// (each op), with a 1-based step number per phase. Returning an error
// simulates a failure at that point; panicking simulates the process being
// killed there (Sync does no clean-up on a panic). During staging it may run
// on several goroutines at once.
var testHook func(phase string, step int) error

func hook(phase string, step int) error {
	if testHook == nil {
		return nil
	}
	return testHook(phase, step)
}

func (j *journal) encode() []byte {
	var b bytes.Buffer
	b.WriteString(journalHeader + "\nstate " + j.state + "\n")
	for _, d := range j.made {
		b.WriteString("made " + d + "\n")
	}
	for _, o := range j.ops {
		b.WriteString(string(o.kind) + " ")
		if o.kind == opRename {
			b.WriteString(o.tmp + "\t")
		}
		b.WriteString(o.path + "\n")
	}
	b.WriteString("end\n")
	return b.Bytes()
}

func parseJournal(data []byte) (*journal, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(lines) < 3 || lines[0] != journalHeader || lines[len(lines)-1] != "end" {
		return nil, errors.New("not a complete dudao journal")
	}
	j := &journal{state: strings.TrimPrefix(lines[1], "state ")}
	if j.state != stateStaging && j.state != stateCommit {
		return nil, fmt.Errorf("unknown state line %q", lines[1])
	}
	for n, line := range lines[2 : len(lines)-1] {
		kind, arg, _ := strings.Cut(line, " ")
		o := op{kind: opKind(kind), path: arg}
		switch o.kind {
		case "made":
			if err := checkShape(arg); err != nil {
				return nil, fmt.Errorf("line %d: %w", n+3, err)
			}
			j.made = append(j.made, arg)
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

// Recover finishes or rolls back a Sync of dest that was interrupted: if the
// journal says "staging", the temporary files and the directories made for
// them are removed and dest is the old site again; if it says "committing",
// the remaining steps are replayed and dest is the new site. Without a
// journal it does nothing. Sync calls it first, so an interrupted build is
// repaired by the next one.
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

// rollback undoes staging: removes every staged file, then the directories
// made for them if they are empty, then the journal.
func (j *journal) rollback(dest string) error {
	for _, o := range j.ops {
		if o.kind != opRename {
			continue
		}
		p := abs(dest, o.tmp)
		if err := ignoreMissing(os.Remove(p), "removing", p); err != nil {
			return err
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
