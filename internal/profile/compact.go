package profile

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/twohats/twohats/internal/fail"
)

// CompactPrefix starts the compact form of a response, the form assess.Record
// stores: the prefix, then one ASCII digit per slot of the scorer's layout,
// the slot's byte of the Response ('0' unanswered), as in
//
//	d1:4523152...
//
// It is about a tenth of the answers JSON, which is what keeps an import of a
// million responses cheap to write. The instrument is not in it: it is
// stored beside the answers, and its layout is fixed by its version. "d1"
// names this version of the form; a different form takes another prefix.
const CompactPrefix = "d1:"

// IsCompact reports whether stored answers are in the compact form rather
// than the answers JSON (which starts with '{').
func IsCompact(stored []byte) bool { return bytes.HasPrefix(stored, []byte(CompactPrefix)) }

// CheckCompact checks the compact form's syntax without an instrument: the
// prefix, then at least one digit and nothing else. It is the cheap check a
// store makes before writing; ParseCompact checks the layout.
func CheckCompact(stored []byte) error {
	if !IsCompact(stored) {
		return fmt.Errorf("does not start with %q", CompactPrefix)
	}
	digits := stored[len(CompactPrefix):]
	if len(digits) == 0 {
		return fmt.Errorf("has no answers after %q", CompactPrefix)
	}
	for i, c := range digits {
		if c < '0' || c > '9' {
			return fmt.Errorf("has %q at position %d, not a digit", c, i+1)
		}
	}
	return nil
}

// AppendCompact appends the compact form of r to dst.
func (s *Scorer) AppendCompact(dst []byte, r Response) []byte {
	dst = append(dst, CompactPrefix...)
	for _, v := range r {
		dst = append(dst, '0'+v)
	}
	return dst
}

// ParseCompact reads the compact form of a response to this scorer's
// instrument. An error names what is wrong: the prefix, the length against
// the layout, or the first bad digit by its position (from 1, after the
// prefix) and item. Unanswered slots ('0') are allowed.
func (s *Scorer) ParseCompact(stored []byte) (Response, error) {
	if !IsCompact(stored) {
		return nil, fmt.Errorf("compact answers must start with %q", CompactPrefix)
	}
	digits := stored[len(CompactPrefix):]
	if len(digits) != s.slots {
		return nil, fmt.Errorf("compact answers have %d slots; the layout of %s has %d", len(digits), s.in.ID, s.slots)
	}
	r := make(Response, len(digits))
	for i, c := range digits {
		if c < '0' || c > '0'+s.slotMax[i] {
			return nil, fmt.Errorf("compact answers have %q at position %d (item %s), want a digit from 0 to %d",
				c, i+1, s.items[s.slotItem[i]].id, s.slotMax[i])
		}
		r[i] = c - '0'
	}
	return r, nil
}

// ReadStored reads a complete response as a store holds it: in the compact
// form, or as the answers JSON that assessments stored before the compact
// form hold. Either way the answers must fit the instrument and be complete.
func (s *Scorer) ReadStored(stored []byte) (Response, error) {
	if !IsCompact(stored) {
		var a Answers
		if err := json.Unmarshal(stored, &a); err != nil {
			return nil, fail.Errorf(fail.Invalid, "stored answers are neither compact nor answers JSON: %v", err)
		}
		return s.Encode(a)
	}
	r, err := s.ParseCompact(stored)
	if err != nil {
		return nil, &fail.Error{Code: fail.Invalid, Message: err.Error()}
	}
	for i, v := range r {
		if v == 0 {
			return nil, fail.Errorf(fail.Invalid, "compact answers leave position %d (item %s) unanswered", i+1, s.items[s.slotItem[i]].id)
		}
	}
	return r, nil
}

// ExpandStored gives stored answers as the answers JSON, the public
// contract: compact answers expanded, answers JSON as it is.
func (s *Scorer) ExpandStored(stored []byte) ([]byte, error) {
	if !IsCompact(stored) {
		return stored, nil
	}
	r, err := s.ParseCompact(stored)
	if err != nil {
		return nil, err
	}
	return s.AppendAnswers(make([]byte, 0, 2048), r), nil
}
