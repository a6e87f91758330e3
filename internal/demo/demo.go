// Package demo fills a store with a realistic demonstration organisation, so
// that a newcomer running `twohats serve --demo` sees real reports at once.
// Its people answer like real respondents: their answers are simulated from
// latent management and leadership levels with the scorer's graded-response
// model.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/password"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// Password is the password of every demo account. The demo is for trying
// twohats out; never load it into a database that holds real people.
const Password = "twohats-demo"

// OwnerEmail, CoachEmail and MemberEmail sign in to the demo as each role.
const (
	OwnerEmail  = "owner@demo.example"
	CoachEmail  = "coach@demo.example"
	MemberEmail = "alex@demo.example"
)

// Result says what Load made.
type Result struct {
	OrgID       string
	People      int
	Assessments int
	// Existed is true when the demo was already loaded and nothing was made.
	Existed bool
}

var names = []string{
	"Alex Morgan", "Priya Shah", "Tomás Ortega", "Mei Chen", "Kwame Mensah", "Sofia Rossi", "Jonas Berg",
	"Amara Okafor", "Liam O'Brien", "Hana Sato", "Noah Fischer", "Zara Ahmed", "Mateo Silva", "Ingrid Larsen",
}

// Load creates the demo organisation with an owner, a coach and members,
// each member with one to three assessments (so history shows change), and
// some members granting the coach access. It is idempotent: if the demo
// owner exists, it does nothing.
func Load(ctx context.Context, st store.Store, sc *profile.Scorer, seed uint64) (Result, error) {
	if u, err := st.UserByEmail(ctx, OwnerEmail); err == nil {
		ms, err := st.Memberships(ctx, u.ID)
		if err != nil || len(ms) == 0 {
			return Result{}, fmt.Errorf("demo owner exists without an organisation: %v", err)
		}
		return Result{OrgID: ms[0].OrgID, Existed: true}, nil
	} else if fail.Code(err) != fail.NotFound {
		return Result{}, err
	}
	hash, err := password.Hash(Password)
	if err != nil {
		return Result{}, err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	newUser := func(email, name string) (*store.User, error) {
		u := &store.User{Email: email, Name: name, PasswordHash: hash}
		return u, st.CreateUser(ctx, u)
	}
	owner, err := newUser(OwnerEmail, "Olivia Owner")
	if err != nil {
		return Result{}, err
	}
	own, err := st.CreateOrganization(ctx, &store.Organization{Slug: "demo", Name: "Demo Ltd"}, owner)
	if err != nil {
		return Result{}, err
	}
	res := Result{OrgID: own.OrgID}
	coach, err := newUser(CoachEmail, "Casey Coach")
	if err != nil {
		return Result{}, err
	}
	if _, err := st.AddMember(ctx, own.OrgID, coach, store.RoleCoach); err != nil {
		return Result{}, err
	}
	for i, name := range names {
		email := MemberEmail
		if i > 0 {
			email = fmt.Sprintf("member%02d@demo.example", i)
		}
		u, err := newUser(email, name)
		if err != nil {
			return Result{}, err
		}
		m, err := st.AddMember(ctx, own.OrgID, u, store.RoleMember)
		if err != nil {
			return Result{}, err
		}
		res.People++
		traits := profile.RandomTraits(rng)
		for k := 0; k < 1+rng.IntN(3); k++ {
			// Each retake shows some growth on the weaker side, as a
			// development plan would hope for.
			if traits.Management < traits.Leadership {
				traits.Management += 0.25
			} else {
				traits.Leadership += 0.25
			}
			if _, _, _, err := assess.Submit(ctx, st, sc, own.OrgID, m.PersonID, sc.Simulate(rng, traits), ""); err != nil {
				return Result{}, err
			}
			res.Assessments++
		}
		if i%2 == 0 {
			if err := st.GrantCoach(ctx, own.OrgID, m.PersonID, coach.ID); err != nil {
				return Result{}, err
			}
		}
	}
	return res, nil
}
