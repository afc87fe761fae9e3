package output

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Names dudao keeps for itself inside the destination folder. A site path
// may not use a segment that starts with reservedPrefix or ends with
// tmpSuffix, so none of them can collide with a page, and the temporary
// name of a page (".NAME" + tmpSuffix) can never collide with a page or
// with one of the internal names (which all start with reservedPrefix and
// end in ".tmp" or nothing).
const (
	reservedPrefix = ".dudao-"
	tmpSuffix      = ".dudao-tmp"
	manifestName   = ".dudao-manifest"
	manifestTmp    = ".dudao-manifest.tmp"
	journalName    = ".dudao-journal"
	journalTmp     = ".dudao-journal.tmp"
	stagedPrefix   = ".dudao-staged-" // + index + ".tmp", for files whose directory cannot exist yet

	// maxSegment keeps ".NAME.dudao-tmp" within the usual 255-byte limit.
	maxSegment = 255 - len(".") - len(tmpSuffix)
)

// ValidPath reports whether p is a safe output path: relative,
// slash-separated, made of non-empty segments that are not ".", ".." or
// only dots, with no backslash, NUL or other control character, no
// segment longer than 244 bytes, and no name dudao reserves for itself
// (a segment starting with ".dudao-" or ending in ".dudao-tmp").
func ValidPath(p string) error {
	if err := checkShape(p); err != nil {
		return err
	}
	for seg := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(seg, reservedPrefix) || strings.HasSuffix(seg, tmpSuffix) {
			return fmt.Errorf("output: invalid path %q: %q is a name reserved by dudao", p, seg)
		}
	}
	return nil
}

// checkShape is ValidPath without the reserved-name rule; it also vets the
// internal names read back from a journal.
func checkShape(p string) error {
	bad := func(why string) error { return fmt.Errorf("output: invalid path %q: %s", p, why) }
	if p == "" {
		return bad("empty")
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == 0:
			return bad("contains NUL")
		case c < 0x20 || c == 0x7f:
			return bad("contains a control character")
		case c == '\\':
			return bad("contains a backslash")
		}
	}
	if p[0] == '/' || filepath.IsAbs(filepath.FromSlash(p)) || filepath.VolumeName(filepath.FromSlash(p)) != "" {
		return bad("absolute")
	}
	for seg := range strings.SplitSeq(p, "/") {
		switch {
		case seg == "":
			return bad("empty segment")
		case strings.Trim(seg, ".") == "":
			return bad(fmt.Sprintf("segment %q", seg))
		case len(seg) > maxSegment:
			return bad(fmt.Sprintf("segment longer than %d bytes", maxSegment))
		}
	}
	return nil
}

// site is a validated set of files to write.
type site struct {
	files  []File          // sorted by Path
	index  map[string]int  // Path → position in files
	dirs   []string        // every directory the files need, sorted: parents first
	dirSet map[string]bool // the same, as a set
}

// newSite validates every path, then the set as a whole: no duplicates and
// no path that is both a file and a directory of another file.
func newSite(in []File) (*site, error) {
	var bad []error
	for _, f := range in {
		if err := ValidPath(f.Path); err != nil {
			bad = append(bad, err)
		}
	}
	if len(bad) == 1 {
		return nil, bad[0]
	}
	if len(bad) > 1 {
		return nil, fmt.Errorf("%w (and %d more invalid paths)", bad[0], len(bad)-1)
	}
	files := slices.Clone(in)
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	s := &site{files: files, index: make(map[string]int, len(files)), dirSet: map[string]bool{}}
	for i, f := range files {
		if i > 0 && files[i-1].Path == f.Path {
			return nil, fmt.Errorf("output: duplicate path %q", f.Path)
		}
		s.index[f.Path] = i
	}
	for _, f := range files {
		// Climb until a directory already seen: its ancestors were checked then.
		for d := path.Dir(f.Path); d != "." && !s.dirSet[d]; d = path.Dir(d) {
			if _, ok := s.index[d]; ok {
				return nil, fmt.Errorf("output: %q is both a file and the directory of %q", d, f.Path)
			}
			s.dirSet[d] = true
			s.dirs = append(s.dirs, d)
		}
	}
	slices.Sort(s.dirs)
	return s, nil
}

// errNotDir is returned when something that is not a directory sits where the
// site needs one and dudao did not put it there.
var errNotDir = errors.New("is in the way of a directory the site needs and was not written by dudao")
