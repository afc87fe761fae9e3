//go:build !unix

package output

import "os"

func probe(name string, data, buf []byte) (onDisk, error) { return probeOS(name, data, buf) }

func writeFile(name string, data []byte) error { return os.WriteFile(name, data, filePerm) }
