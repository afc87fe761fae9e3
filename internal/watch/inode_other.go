//go:build !unix

package watch

import "io/fs"

// inode is not available here; size, time and mode have to do.
func inode(fs.FileInfo) uint64 { return 0 }
