//go:build unix

package watch

import (
	"io/fs"
	"syscall"
)

// inode tells a file replaced by another of the same size and time (an
// atomic save within one clock tick) from the same file.
func inode(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
