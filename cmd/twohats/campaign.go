package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/report"
	"github.com/twohats/twohats/internal/store"
)

// defaultBaseURL is where `twohats serve` listens by default, and so where
// rater links point unless --base-url or TWOHATS_BASE_URL says otherwise.
const defaultBaseURL = "http://127.0.0.1:8080"

func newCampaignCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "campaign",
		Short: "Run 360-degree feedback campaigns: raters, links, answers and the report",
		Long: `Run a 360-degree feedback campaign about one person of the local organisation:
create it, add raters by email and group, open it, hand out the links (or
enter answers collected on paper), close it and read the report. A campaign
moves draft -> open -> closed -> released, and never back.

  id=$(twohats campaign create --subject ann@example.com --format json | jq -r .id)
  twohats campaign add-rater "$id" --email bo@example.com --group peer
  twohats campaign open "$id"
  twohats campaign links "$id" --format json
  twohats campaign respond --token "$token" --answers answers.json
  twohats campaign close "$id"
  twohats campaign report "$id" --format json`,
	}
	cmd.AddCommand(newCampaignCreateCmd(e), newCampaignAddRaterCmd(e), newCampaignListCmd(e), newCampaignThresholdsCmd(e),
		newCampaignMoveCmd(e, "open", store.CampaignOpen, "Open a campaign: its raters' links start to work"),
		newCampaignMoveCmd(e, "close", store.CampaignClosed, "Close a campaign: answers are final and the report exists"),
		newCampaignMoveCmd(e, "release", store.CampaignReleased, "Release a closed campaign's report to its subject; it never changes again"),
		newCampaignLinksCmd(e), newCampaignRespondCmd(e), newCampaignReportCmd(e))
	return cmd
}

// withCampaigns opens the store and the local organisation and runs fn with
// a campaign service on them.
func (e *env) withCampaigns(ctx context.Context, fn func(svc *campaign.Service, db store.Store, me store.Local) error) error {
	db, me, err := e.openLocal(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(&campaign.Service{Store: db, Catalog: e.cat}, db, me)
}

// printJSON writes v as indented JSON.
func (e *env) printJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func newCampaignCreateCmd(e *env) *cobra.Command {
	var subject, name, format string
	var threshold, commentThreshold int
	cmd := &cobra.Command{
		Use:   "create --subject EMAIL",
		Short: "Create a draft campaign about a person, adding them if they are new",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			if strings.TrimSpace(subject) == "" {
				return usageError{fmt.Errorf("--subject is required: the email of the person the feedback is about")}
			}
			return e.withCampaigns(cmd.Context(), func(svc *campaign.Service, db store.Store, me store.Local) error {
				p, err := db.EnsurePerson(cmd.Context(), me.OrgID, subject, name)
				if err != nil {
					return err
				}
				c, err := svc.Create(cmd.Context(), me.OrgID, p.ID, "", threshold, commentThreshold)
				if err != nil {
					return err
				}
				if format == "json" {
					return e.printJSON(map[string]string{"id": c.ID})
				}
				fmt.Fprintf(e.stdout, "Created campaign %s about %s <%s>, in draft.\nAdd raters with: twohats campaign add-rater %s --email EMAIL --group %s\n",
					c.ID, p.Name, p.Email, c.ID, strings.Join(campaign.Groups(), "|"))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&subject, "subject", "", "email of the person the feedback is about (added to the organisation if new)")
	cmd.Flags().StringVar(&name, "name", "", "the subject's name, if they are new (default: the email's local part)")
	cmd.Flags().IntVar(&threshold, "threshold", store.DefaultCampaignThreshold, "anonymity threshold: the fewest raters an anonymous group is shown with (at least 3)")
	cmd.Flags().IntVar(&commentThreshold, "comment-threshold", store.DefaultCommentThreshold, "the fewest raters a group's comments are shown with (at least the anonymity threshold)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newCampaignAddRaterCmd(e *env) *cobra.Command {
	var email, group, format string
	cmd := &cobra.Command{
		Use:   "add-rater ID --email EMAIL --group manager|peer|direct_report|other",
		Short: "Add a rater to a draft or open campaign",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			if err := campaign.CheckGroup(group); err != nil {
				return err
			}
			return e.withCampaigns(cmd.Context(), func(svc *campaign.Service, _ store.Store, me store.Local) error {
				r, _, err := svc.AddRater(cmd.Context(), me.OrgID, args[0], email, group)
				if err != nil {
					return err
				}
				if format == "json" {
					return e.printJSON(map[string]string{"id": r.ID, "email": r.Email, "group": r.Group})
				}
				fmt.Fprintf(e.stdout, "Added %s as %s. Their link: twohats campaign links %s\n", r.Email, r.Group, args[0])
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "the rater's email address")
	cmd.Flags().StringVar(&group, "group", "", "the rater's group: "+strings.Join(campaign.Groups(), ", "))
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newCampaignMoveCmd(e *env, use, state, short string) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   use + " ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			return e.withCampaigns(cmd.Context(), func(svc *campaign.Service, _ store.Store, me store.Local) error {
				c, err := svc.Move(cmd.Context(), me.OrgID, args[0], state)
				if err != nil {
					return err
				}
				if format == "json" {
					return e.printJSON(map[string]string{"id": c.ID, "state": c.State})
				}
				fmt.Fprintf(e.stdout, "Campaign %s is now %s.\n", c.ID, c.State)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newCampaignThresholdsCmd(e *env) *cobra.Command {
	var anonymity, comments int
	cmd := &cobra.Command{
		Use:   "thresholds ID --anonymity N --comments N",
		Short: "Change a draft or open campaign's thresholds (after the first response, only upwards)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withCampaigns(cmd.Context(), func(_ *campaign.Service, db store.Store, me store.Local) error {
				c, err := db.SetCampaignThresholds(cmd.Context(), me.OrgID, args[0], anonymity, comments)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Campaign %s: anonymous groups are shown from %d raters, comments from %d.\n", c.ID, c.Threshold, c.CommentThreshold)
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&anonymity, "anonymity", store.DefaultCampaignThreshold, "anonymity threshold (at least 3)")
	cmd.Flags().IntVar(&comments, "comments", store.DefaultCommentThreshold, "comment threshold (at least the anonymity threshold)")
	return cmd
}

// listedCampaign is one row of `twohats campaign list --format json`.
type listedCampaign struct {
	ID        string `json:"id"`
	Subject   string `json:"subject"`
	State     string `json:"state"`
	Raters    int    `json:"raters"`
	Submitted int    `json:"submitted"`
}

func newCampaignListCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the campaigns, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			ctx := cmd.Context()
			return e.withCampaigns(ctx, func(_ *campaign.Service, db store.Store, me store.Local) error {
				list, err := db.ListCampaigns(ctx, me.OrgID)
				if err != nil {
					return err
				}
				rows := []listedCampaign{}
				for _, c := range list {
					p, err := db.Person(ctx, me.OrgID, c.SubjectPersonID)
					if err != nil {
						return err
					}
					raters, err := db.Raters(ctx, me.OrgID, c.ID)
					if err != nil {
						return err
					}
					sub, _, err := db.CountResponses(ctx, me.OrgID, c.ID)
					if err != nil {
						return err
					}
					rows = append(rows, listedCampaign{ID: c.ID, Subject: p.Email, State: c.State, Raters: len(raters), Submitted: sub})
				}
				if format == "json" {
					return e.printJSON(rows)
				}
				if len(rows) == 0 {
					fmt.Fprintln(e.stdout, "No campaigns yet. Start one with: twohats campaign create --subject EMAIL")
					return nil
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSUBJECT\tSTATE\tRATERS\tSUBMITTED")
				for _, r := range rows {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", r.ID, r.Subject, r.State, r.Raters, r.Submitted)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newCampaignLinksCmd(e *env) *cobra.Command {
	var format, baseURL string
	cmd := &cobra.Command{
		Use:   "links ID",
		Short: "Make a fresh link for every rater, to hand out (earlier links stop working)",
		Long: `Make a fresh link for every rater of a draft or open campaign and print them.
Only a hash of each link's token is stored, so links cannot be shown again:
running this again makes new ones, and the earlier links stop working. Answers
a rater has saved are kept.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			if baseURL == "" {
				baseURL = e.getenv("TWOHATS_BASE_URL")
			}
			if baseURL == "" {
				baseURL = defaultBaseURL
			}
			if !strings.HasPrefix(baseURL, "http://") && !strings.HasPrefix(baseURL, "https://") {
				return usageError{fmt.Errorf("--base-url %q must start with http:// or https://", baseURL)}
			}
			return e.withCampaigns(cmd.Context(), func(svc *campaign.Service, _ store.Store, me store.Local) error {
				links, err := svc.Links(cmd.Context(), me.OrgID, args[0], baseURL)
				if err != nil {
					return err
				}
				if format == "json" {
					return e.printJSON(links)
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "EMAIL\tGROUP\tLINK")
				for _, l := range links {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", l.Email, l.Group, l.URL)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&baseURL, "base-url", "", "the address the web app is reached at (default $TWOHATS_BASE_URL, else "+defaultBaseURL+")")
	return cmd
}

func newCampaignRespondCmd(e *env) *cobra.Command {
	var token, answersPath string
	var comments []string
	var draft bool
	cmd := &cobra.Command{
		Use:   "respond --token TOKEN --answers FILE",
		Short: "Enter a rater's answers, such as answers collected on paper",
		Long: `Enter one rater's answers to an open campaign. FILE is the answers JSON of the
assessment, restricted to capability items: {"instrument":"core@1","answers":
{"m.focus.1": 4, ...}}, each rating 1-5; an item left out means "don't know".
"-" reads standard input. Responding again updates the rater's answers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if token == "" || answersPath == "" {
				return usageError{fmt.Errorf("--token and --answers are both required")}
			}
			var data []byte
			var err error
			if answersPath == "-" {
				data, err = io.ReadAll(e.stdin)
			} else {
				data, err = os.ReadFile(answersPath)
			}
			if err != nil {
				return &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("cannot read the answers: %v", err)}
			}
			byScale := map[string]string{}
			for _, c := range comments {
				scale, text, ok := strings.Cut(c, "=")
				if !ok {
					return usageError{fmt.Errorf("--comment %q: want SCALE=TEXT, such as leadership=\"Listens well\"", c)}
				}
				byScale[scale] = text
			}
			return e.withCampaigns(cmd.Context(), func(svc *campaign.Service, _ store.Store, _ store.Local) error {
				form, err := svc.Open(cmd.Context(), token)
				if err != nil {
					return err
				}
				a, err := campaign.ParseAnswersFile(data, form.Campaign.Instrument)
				if err != nil {
					return fmt.Errorf("%s: %w", answersPath, err)
				}
				a.Comments = byScale
				resp, err := svc.Respond(cmd.Context(), token, a, !draft)
				if err != nil {
					return err
				}
				what := "saved as a draft"
				if resp.Submitted {
					what = "submitted"
				}
				fmt.Fprintf(e.stdout, "The answers of %s (%s) are %s: %d of %d items rated.\n", form.Rater.Email, form.Rater.Group, what, len(a.Answers), len(form.Items))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&token, "token", "", "the rater's token, as twohats campaign links prints it")
	cmd.Flags().StringVar(&answersPath, "answers", "", "the answers JSON file (\"-\" for standard input)")
	cmd.Flags().StringArrayVar(&comments, "comment", nil, "a comment on a scale, as SCALE=TEXT (management or leadership); may be repeated")
	cmd.Flags().BoolVar(&draft, "draft", false, "save without submitting")
	return cmd
}

func newCampaignReportCmd(e *env) *cobra.Command {
	var out outputFlags
	cmd := &cobra.Command{
		Use:   "report ID",
		Short: "Show the report of a closed or released campaign",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(out.format, "text", "json", "html"); err != nil {
				return err
			}
			ctx := cmd.Context()
			return e.withCampaigns(ctx, func(svc *campaign.Service, db store.Store, me store.Local) error {
				rep, err := svc.Report(ctx, me.OrgID, args[0])
				if err != nil {
					return err
				}
				subject, err := db.Person(ctx, me.OrgID, rep.Source.SubjectPersonID)
				if err != nil {
					return err
				}
				opt := report.FeedbackOptions{Subject: subject.Name, Development: rep.Development, Color: out.out == "" && e.colour()}
				var buf bytes.Buffer
				switch out.format {
				case "json":
					enc := json.NewEncoder(&buf)
					enc.SetIndent("", "  ")
					enc.SetEscapeHTML(false)
					err = enc.Encode(rep)
				case "html":
					err = report.FeedbackHTML(&buf, rep.Report, opt)
				default:
					err = report.FeedbackText(&buf, rep.Report, opt)
				}
				if err != nil {
					return err
				}
				return e.emit(out.out, buf.Bytes())
			})
		},
	}
	out.register(cmd, "text, json or html")
	return cmd
}

// othersFocus makes a profile's development focus follow the others' view
// of the newest released 360 campaign about the local person, when there is
// one, and says so on standard error.
func (e *env) othersFocus(ctx context.Context, db store.Store, me store.Local, p *profile.Profile) error {
	list, err := db.ListCampaigns(ctx, me.OrgID)
	if err != nil {
		return err
	}
	var newest *store.Campaign
	for i := range list {
		c := &list[i]
		if c.SubjectPersonID == me.PersonID && c.State == store.CampaignReleased && (newest == nil || c.ReleasedAt.After(newest.ReleasedAt)) {
			newest = c
		}
	}
	if newest == nil {
		return nil
	}
	rep, err := (&campaign.Service{Store: db, Catalog: e.cat}).Report(ctx, me.OrgID, newest.ID)
	if err != nil {
		return err
	}
	if rep.Focus.Side == "" {
		return nil
	}
	p.Focus = rep.Focus
	fmt.Fprintf(e.stderr, "twohats: what to develop follows others' view, from the 360 campaign %s released %s.\n", newest.ID, newest.ReleasedAt.UTC().Format("2 Jan 2006"))
	return nil
}
