package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
)

// Answers is the answers JSON, a public contract:
//
//	{"instrument":"core@1","answers":{"<item id>": <value>}}
//
// A capability answer is 1-5, a tendency answer "a" or "b" (an option id), and
// a scenario answer an object of option id → rating 1-5.
type Answers struct {
	Instrument string                     `json:"instrument"`
	Answers    map[string]json.RawMessage `json:"answers"`
}

// ParseAnswers decodes the answers JSON strictly: unknown top-level fields and
// trailing data are errors.
func ParseAnswers(data []byte) (Answers, error) {
	var a Answers
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return Answers{}, &fail.Error{Code: fail.Invalid, Message: "the answers are not valid JSON of the form {\"instrument\":..., \"answers\":{...}}: " + err.Error()}
	}
	if dec.More() {
		return Answers{}, fail.Errorf(fail.Invalid, "the answers file has data after its JSON object")
	}
	return a, nil
}

// Response is the dense form of one respondent's answers: one byte per slot of
// the scorer's layout, 0 where unanswered. A capability item takes one slot
// (its rating), a tendency pair one slot (1 for its first option, 2 for its
// second) and a scenario one slot per option (its rating).
type Response []uint8

// Complete reports whether every slot is answered.
func (r Response) Complete() bool {
	for _, v := range r {
		if v == 0 {
			return false
		}
	}
	return true
}

// Encode validates answers against the instrument and returns their dense
// form. Every missing, unknown or out-of-range answer is reported, each under
// its item id, in one *fail.Error with code fail.Invalid.
func (s *Scorer) Encode(a Answers) (Response, error) { return s.encode(a, false) }

// EncodePartial is Encode for an assessment still in progress: unanswered items
// are allowed, anything present must still be valid.
func (s *Scorer) EncodePartial(a Answers) (Response, error) { return s.encode(a, true) }

func (s *Scorer) encode(a Answers, partial bool) (Response, error) {
	if a.Instrument != s.in.ID {
		return nil, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("the answers are for instrument %q, not %q", a.Instrument, s.in.ID),
			Fields: map[string]string{"instrument": fmt.Sprintf("want %q", s.in.ID)}}
	}
	r := make(Response, s.slots)
	bad := map[string]string{}
	for id, raw := range a.Answers {
		idx, ok := s.byID[id]
		if !ok {
			bad[id] = "unknown item id"
			continue
		}
		it := &s.items[idx]
		if msg := s.encodeItem(r, it, raw); msg != "" {
			bad[id] = msg
		}
	}
	if !partial {
		for i := range s.items {
			it := &s.items[i]
			if _, ok := a.Answers[it.id]; !ok {
				bad[it.id] = "missing answer"
			}
		}
	}
	if len(bad) > 0 {
		ids := make([]string, 0, len(bad))
		for id := range bad {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		msg := fmt.Sprintf("%d answer(s) are wrong: %s", len(bad), joinMax(ids, 8))
		return nil, &fail.Error{Code: fail.Invalid, Message: msg, Fields: bad}
	}
	return r, nil
}

func joinMax(ids []string, max int) string {
	if len(ids) <= max {
		return fmt.Sprint(ids)
	}
	return fmt.Sprintf("%v and %d more", ids[:max], len(ids)-max)
}

func (s *Scorer) encodeItem(r Response, it *slotItem, raw json.RawMessage) string {
	switch it.section {
	case secCapability:
		v, ok := fastInt(raw)
		if !ok {
			if err := json.Unmarshal(raw, &v); err != nil {
				return fmt.Sprintf("want a whole number from %d to %d, got %s", instrument.MinRating, instrument.MaxRating, raw)
			}
		}
		if v < instrument.MinRating || v > instrument.MaxRating {
			return fmt.Sprintf("%d is out of range; want %d to %d", v, instrument.MinRating, instrument.MaxRating)
		}
		r[it.offset] = uint8(v)
	case secTendency:
		v, ok := fastString(raw)
		if !ok {
			if err := json.Unmarshal(raw, &v); err != nil {
				return fmt.Sprintf("want an option id (%q or %q), got %s", it.optionIDs[0], it.optionIDs[1], raw)
			}
		}
		for i, id := range it.optionIDs {
			if id == v {
				r[it.offset] = uint8(i + 1)
				return ""
			}
		}
		return fmt.Sprintf("unknown option %q; want %q or %q", v, it.optionIDs[0], it.optionIDs[1])
	case secSJT:
		var m map[string]int
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Sprintf("want an object of option id → rating %d-%d, got %s", instrument.MinRating, instrument.MaxRating, raw)
		}
		var problems []string
		for i, id := range it.optionIDs {
			v, ok := m[id]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("option %q is not rated", id))
			case v < instrument.MinRating || v > instrument.MaxRating:
				problems = append(problems, fmt.Sprintf("option %q: %d is out of range; want %d to %d", id, v, instrument.MinRating, instrument.MaxRating))
			default:
				r[it.offset+i] = uint8(v)
			}
		}
		for id := range m {
			if !contains(it.optionIDs, id) {
				problems = append(problems, fmt.Sprintf("unknown option %q", id))
			}
		}
		if len(problems) > 0 {
			sort.Strings(problems)
			return fmt.Sprint(problems)
		}
	}
	return ""
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// Decode turns a dense response back into the answers JSON form, leaving out
// unanswered items (and, for scenarios, unrated options).
func (s *Scorer) Decode(r Response) Answers {
	a := Answers{Instrument: s.in.ID, Answers: map[string]json.RawMessage{}}
	for i := range s.items {
		it := &s.items[i]
		switch it.section {
		case secCapability:
			if v := r[it.offset]; v != 0 {
				a.Answers[it.id] = json.RawMessage(fmt.Sprint(v))
			}
		case secTendency:
			if v := r[it.offset]; v != 0 {
				b, _ := json.Marshal(it.optionIDs[v-1])
				a.Answers[it.id] = b
			}
		case secSJT:
			m := map[string]int{}
			for j, id := range it.optionIDs {
				if v := r[it.offset+j]; v != 0 {
					m[id] = int(v)
				}
			}
			if len(m) > 0 {
				b, _ := json.Marshal(m)
				a.Answers[it.id] = b
			}
		}
	}
	return a
}

// AppendAnswers appends the answers JSON of a response to dst: the same
// document as json.Marshal(s.Decode(r)) means, with items in instrument
// order, written without building maps, since it runs on every stored
// submit.
func (s *Scorer) AppendAnswers(dst []byte, r Response) []byte {
	dst = append(dst, `{"instrument":`...)
	dst = strconv.AppendQuote(dst, s.in.ID)
	dst = append(dst, `,"answers":{`...)
	first := true
	comma := func() {
		if !first {
			dst = append(dst, ',')
		}
		first = false
	}
	for i := range s.items {
		it := &s.items[i]
		switch it.section {
		case secCapability:
			if v := r[it.offset]; v != 0 {
				comma()
				dst = strconv.AppendQuote(dst, it.id)
				dst = append(dst, ':')
				dst = strconv.AppendInt(dst, int64(v), 10)
			}
		case secTendency:
			if v := r[it.offset]; v != 0 {
				comma()
				dst = strconv.AppendQuote(dst, it.id)
				dst = append(dst, ':')
				dst = strconv.AppendQuote(dst, it.optionIDs[v-1])
			}
		case secSJT:
			any := false
			for j := range it.optionIDs {
				if r[it.offset+j] != 0 {
					any = true
				}
			}
			if !any {
				continue
			}
			comma()
			dst = strconv.AppendQuote(dst, it.id)
			dst = append(dst, ":{"...)
			inner := true
			for j, id := range it.optionIDs {
				v := r[it.offset+j]
				if v == 0 {
					continue
				}
				if !inner {
					dst = append(dst, ',')
				}
				inner = false
				dst = strconv.AppendQuote(dst, id)
				dst = append(dst, ':')
				dst = strconv.AppendInt(dst, int64(v), 10)
			}
			dst = append(dst, '}')
		}
	}
	return append(dst, "}}"...)
}

// fastInt parses a JSON number token that is a plain small integer, the
// common case of a capability answer, without the reflection of
// json.Unmarshal.
func fastInt(raw []byte) (int, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || len(raw) > 3 {
		return 0, false
	}
	n := 0
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// fastString parses a JSON string token without escapes.
func fastString(raw []byte) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	if bytes.IndexByte(body, '\\') >= 0 || bytes.IndexByte(body, '"') >= 0 {
		return "", false
	}
	return string(body), true
}
