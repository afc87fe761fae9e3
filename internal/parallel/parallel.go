// Package parallel runs a build's independent pieces of work (reading files,
// converting Markdown, rendering pages) on every core.
package parallel

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// Do calls f(0) … f(n-1) from GOMAXPROCS goroutines and returns the errors
// joined, in index order. After an error no new calls start.
func Do(n int, f func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	errs := make([]error, n)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					errs[i] = err
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
