package password

import (
	"strings"
	"testing"
)

func TestHashAndCheck(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not an argon2id PHC string with the expected parameters", h)
	}
	if !Check(h, "correct horse battery") {
		t.Error("the right password does not match")
	}
	if Check(h, "correct horse batterY") {
		t.Error("a wrong password matches")
	}
	h2, _ := Hash("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", strings.Replace(h, "m=19456", "m=0", 1), strings.Replace(h, "t=2", "t=99", 1)} {
		if Check(bad, "correct horse battery") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
}
