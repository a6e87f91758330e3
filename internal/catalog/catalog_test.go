package catalog_test

import (
	"testing"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
)

func TestLoad(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Scorer("core@1"); err != nil {
		t.Errorf("core@1: %v", err)
	}
	_, err = c.Scorer("core@7")
	if fail.Code(err) != fail.Invalid || fail.FieldsOf(err)["instrument"] == "" {
		t.Errorf("unknown instrument: got %v, want an invalid error on the instrument field", err)
	}
}
