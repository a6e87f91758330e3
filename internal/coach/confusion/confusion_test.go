package confusion

import "testing"

func TestMatrix(t *testing.T) {
	var m Matrix
	for _, c := range []struct{ got, want bool }{{true, true}, {true, true}, {true, true}, {true, false}, {false, true}, {false, false}} {
		m.Add(c.got, c.want)
	}
	if m != (Matrix{TP: 3, FP: 1, FN: 1, TN: 1}) {
		t.Fatalf("counted %+v", m)
	}
	if m.Precision() != 0.75 || m.Recall() != 0.75 || m.F1() != 0.75 {
		t.Errorf("precision %v, recall %v, F1 %v; want 0.75 each", m.Precision(), m.Recall(), m.F1())
	}
	var none Matrix
	none.Add(false, false)
	if none.Precision() != 1 || none.Recall() != 1 || none.F1() != 1 {
		t.Errorf("nothing positive: %v %v %v, want 1 each", none.Precision(), none.Recall(), none.F1())
	}
	miss := Matrix{FP: 2, FN: 2}
	if miss.F1() != 0 {
		t.Errorf("all wrong: F1 %v, want 0", miss.F1())
	}
}
