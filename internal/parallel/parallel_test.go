package parallel

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestDoCallsEachOnce(t *testing.T) {
	var calls [1000]atomic.Int32
	if err := Do(len(calls), func(i int) error { calls[i].Add(1); return nil }); err != nil {
		t.Fatal(err)
	}
	for i := range calls {
		if calls[i].Load() != 1 {
			t.Fatalf("f(%d) called %d times", i, calls[i].Load())
		}
	}
	if err := Do(0, func(int) error { t.Fatal("called"); return nil }); err != nil {
		t.Fatal(err)
	}
}

func TestDoStopsAfterError(t *testing.T) {
	boom := errors.New("boom")
	var n atomic.Int32
	err := Do(100000, func(i int) error {
		n.Add(1)
		if i == 10 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if n.Load() == 100000 {
		t.Errorf("every call ran after the error")
	}
}
