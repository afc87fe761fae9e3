// Package digest fingerprints the inputs of a page so that dudao serve can
// tell which pages a change affects: a fast 64-bit hash, stable for the life
// of the process (the seed is random per process, so digests are never
// stored or compared across runs).
package digest

import (
	"encoding/binary"
	"hash/maphash"
)

var seed = maphash.MakeSeed()

// String returns the digest of s.
func String(s string) uint64 { return maphash.String(seed, s) }

// Bytes returns the digest of b.
func Bytes(b []byte) uint64 { return maphash.Bytes(seed, b) }

// A Digest accumulates values; the zero value is ready to use. Strings are
// written with their length, so ("ab", "c") and ("a", "bc") differ.
type Digest struct {
	h   maphash.Hash
	buf [8]byte
	set bool
}

func (d *Digest) init() {
	if !d.set {
		d.h.SetSeed(seed)
		d.set = true
	}
}

// Uint64 adds n.
func (d *Digest) Uint64(n uint64) *Digest {
	d.init()
	binary.LittleEndian.PutUint64(d.buf[:], n)
	d.h.Write(d.buf[:])
	return d
}

// Int adds n.
func (d *Digest) Int(n int) *Digest { return d.Uint64(uint64(n)) }

// Bool adds b.
func (d *Digest) Bool(b bool) *Digest {
	if b {
		return d.Uint64(1)
	}
	return d.Uint64(0)
}

// String adds s.
func (d *Digest) String(s string) *Digest {
	d.Uint64(uint64(len(s)))
	d.h.WriteString(s)
	return d
}

// Strings adds every string of ss, and how many there are.
func (d *Digest) Strings(ss ...string) *Digest {
	d.Int(len(ss))
	for _, s := range ss {
		d.String(s)
	}
	return d
}

// Sum returns the digest of everything added.
func (d *Digest) Sum() uint64 {
	d.init()
	return d.h.Sum64()
}
