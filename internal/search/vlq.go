package search

// Numbers in the index files are written as base-64 digits in a JavaScript
// string: each digit carries 5 bits of the number, least significant first,
// and has 32 added while more digits follow. Numbers below 32 take one
// character, below 1024 two.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

var digitValue = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(digits); i++ {
		t[digits[i]] = int8(i)
	}
	return t
}()

// appendVLQ appends v in the digits above.
func appendVLQ(b []byte, v uint32) []byte {
	for v >= 32 {
		b = append(b, digits[v&31|32])
		v >>= 5
	}
	return append(b, digits[v])
}

// readVLQ reads one number from s at i and returns it and the index after it;
// ok is false if s ends inside the number or holds a character that is no digit.
func readVLQ(s string, i int) (v uint32, next int, ok bool) {
	shift := uint(0)
	for i < len(s) && shift < 35 {
		d := digitValue[s[i]]
		if d < 0 {
			return 0, i, false
		}
		i++
		v |= uint32(d&31) << shift
		if d < 32 {
			return v, i, true
		}
		shift += 5
	}
	return 0, i, false
}
