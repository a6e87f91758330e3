package teams

import (
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// bigStat is stat's exact arithmetic done wholly in big integers.
func bigStat(sum, sumSq int64, n int) Stat {
	nn := int64(n)
	mean := (2*sum + nn) / (2 * nn)
	v := new(big.Int).Mul(big.NewInt(nn), big.NewInt(sumSq))
	v.Sub(v, new(big.Int).Mul(big.NewInt(sum), big.NewInt(sum)))
	v.Lsh(v, 2).Sqrt(v).Add(v, big.NewInt(nn)).Quo(v, big.NewInt(2*nn))
	return Stat{Mean: float64(mean) / 10, Spread: float64(v.Int64()) / 10}
}

// TestStatMatchesBigArithmetic checks the 64-bit path of stat against the
// big-integer one on random groups of scores, on groups at the edges (all
// the same, all 0 or 100, half and half), and on groups large enough to
// take the big path.
func TestStatMatchesBigArithmetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(scores []int64) {
		t.Helper()
		var sum, sq int64
		for _, v := range scores {
			sum += v
			sq += v * v
		}
		if got, want := stat(sum, sq, len(scores)), bigStat(sum, sq, len(scores)); got != want {
			t.Fatalf("stat of %d scores (sum %d, squares %d) = %+v, big arithmetic gives %+v", len(scores), sum, sq, got, want)
		}
	}
	for range 20000 {
		n := 1 + rng.IntN(60)
		s := make([]int64, n)
		for i := range s {
			s[i] = rng.Int64N(1001)
		}
		check(s)
	}
	for _, n := range []int{1, 2, 3, 7, 1000} {
		for _, v := range []int64{0, 1, 500, 999, 1000} {
			s := make([]int64, n)
			for i := range s {
				s[i] = v
			}
			check(s)
		}
		half := make([]int64, n)
		for i := range half {
			half[i] = 1000 * int64(i%2)
		}
		check(half)
	}
	// 3,000,000 scores of 1000 make 4·n·Σx² about 1.2e19: past 64 bits.
	n := 3000000
	sum, sq := int64(n)*1000-1, int64(n)*1000*1000-1999
	if hi, lo := bits.Mul64(uint64(n), uint64(sq)); hi == 0 && lo < 1<<61 {
		t.Fatal("the large case no longer takes the big path")
	}
	if got, want := stat(sum, sq, n), bigStat(sum, sq, n); got != want {
		t.Fatalf("large group: stat = %+v, big arithmetic gives %+v", got, want)
	}
}
