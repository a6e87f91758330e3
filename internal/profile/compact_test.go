package profile_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// slotLimits is the largest answer of each slot, worked out from the
// instrument rather than the scorer, with the item each slot belongs to.
func slotLimits(t *testing.T, sc *profile.Scorer) ([]int, []string) {
	t.Helper()
	max, item := make([]int, sc.Slots()), make([]string, sc.Slots())
	for _, it := range sc.Instrument().Items {
		off, ok := sc.Offset(it.ID)
		if !ok {
			t.Fatalf("item %s has no slot", it.ID)
		}
		switch it.Section {
		case instrument.Capability:
			max[off], item[off] = instrument.MaxRating, it.ID
		case instrument.Tendency:
			max[off], item[off] = 2, it.ID
		case instrument.SJT:
			for j := range it.Options {
				max[off+j], item[off+j] = instrument.MaxRating, it.ID
			}
		}
	}
	return max, item
}

func TestCompactRoundTripsEverySlotValue(t *testing.T) {
	sc := newScorer(t)
	max, item := slotLimits(t, sc)
	base := sc.Simulate(rand.New(rand.NewPCG(3, 4)), profile.Traits{Management: 0.6, Leadership: 0.4})
	for i := range base {
		for v := 0; v <= 9; v++ {
			r := slices.Clone(base)
			r[i] = uint8(v)
			stored := sc.AppendCompact(nil, r)
			if len(stored) != len(profile.CompactPrefix)+sc.Slots() || !profile.IsCompact(stored) {
				t.Fatalf("slot %d = %d: compact form %q", i, v, stored)
			}
			if err := profile.CheckCompact(stored); err != nil {
				t.Fatalf("slot %d = %d: CheckCompact: %v", i, v, err)
			}
			got, err := sc.ParseCompact(stored)
			if v > max[i] {
				want := fmt.Sprintf("'%d' at position %d (item %s), want a digit from 0 to %d", v, i+1, item[i], max[i])
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("slot %d = %d, beyond %d: error %v, want one containing %q", i, v, max[i], err, want)
				}
				continue
			}
			if err != nil {
				t.Fatalf("slot %d = %d: %v", i, v, err)
			}
			if !slices.Equal(got, r) {
				t.Fatalf("slot %d = %d: round trip gave %v, want %v", i, v, got, r)
			}
		}
	}
}

func TestCompactRejections(t *testing.T) {
	sc := newScorer(t)
	full := strings.Repeat("1", sc.Slots())
	tests := []struct {
		name, stored, want string
	}{
		{"json", `{"instrument":"core@1"}`, `must start with "d1:"`},
		{"other version", "d2:" + full, `must start with "d1:"`},
		{"short", "d1:" + full[1:], fmt.Sprintf("have %d slots; the layout of %s has %d", sc.Slots()-1, sc.Instrument().ID, sc.Slots())},
		{"long", "d1:" + full + "1", fmt.Sprintf("have %d slots", sc.Slots()+1)},
		{"letter", "d1:11x" + full[3:], "'x' at position 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sc.ParseCompact([]byte(tt.stored))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseCompact(%.20q...) = %v, want an error containing %q", tt.stored, err, tt.want)
			}
		})
	}
	for stored, want := range map[string]string{
		"d1:":      "has no answers",
		"d1:12 3":  "' ' at position 3, not a digit",
		"{}":       `does not start with "d1:"`,
		"d1:12345": "",
	} {
		err := profile.CheckCompact([]byte(stored))
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckCompact(%q) = %v, want %q", stored, err, want)
		}
	}
	// A stored assessment is complete: ReadStored names an unanswered slot.
	_, item := slotLimits(t, sc)
	_, err := sc.ReadStored([]byte("d1:0" + full[1:]))
	if want := "position 1 (item " + item[0] + ") unanswered"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ReadStored of an unanswered slot: %v, want %q", err, want)
	}
}

// Answers stored before the compact form, as the answers JSON, read back as
// the same response as the compact form, and expand to the same JSON.
func TestReadStoredAcceptsBothForms(t *testing.T) {
	sc := newScorer(t)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50 {
		r := sc.Simulate(rng, profile.RandomTraits(rng))
		legacy := sc.AppendAnswers(nil, r)
		compact := sc.AppendCompact(nil, r)
		for name, stored := range map[string][]byte{"json": legacy, "compact": compact} {
			got, err := sc.ReadStored(stored)
			if err != nil || !slices.Equal(got, r) {
				t.Fatalf("%s: ReadStored = %v, %v; want %v", name, got, err, r)
			}
			expanded, err := sc.ExpandStored(stored)
			if err != nil || string(expanded) != string(legacy) {
				t.Fatalf("%s: ExpandStored = %s, %v; want %s", name, expanded, err, legacy)
			}
		}
		if len(compact)*5 > len(legacy) {
			t.Fatalf("compact answers (%d bytes) are not much smaller than the JSON (%d)", len(compact), len(legacy))
		}
	}
	if _, err := sc.ReadStored([]byte("not json")); err == nil || !strings.Contains(err.Error(), "neither compact nor answers JSON") {
		t.Errorf("ReadStored of junk: %v", err)
	}
}
