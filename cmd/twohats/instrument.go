package main

import (
	"encoding/json"

	"github.com/goccy/go-yaml"
	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/instrument"
)

func newInstrumentCmd(e *env) *cobra.Command {
	var (
		out outputFlags
		id  string
	)
	cmd := &cobra.Command{
		Use:   "instrument",
		Short: "Print the assessment's items, scales and dimensions",
		Long: `Print the instrument: its dimensions and every item with its section, scale,
facet, reverse keying and observer wording. The JSON is a public contract. The
answer key of the scenarios is never printed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(out.format, "json", "yaml"); err != nil {
				return err
			}
			sc, err := e.cat.Scorer(id)
			if err != nil {
				return err
			}
			// Go through JSON for YAML too, so both formats carry the same
			// public fields and neither leaks the key.
			b, err := json.MarshalIndent(sc.Instrument(), "", "  ")
			if err != nil {
				return err
			}
			if out.format == "yaml" {
				if b, err = yaml.JSONToYAML(b); err != nil {
					return err
				}
			} else {
				b = append(b, '\n')
			}
			return e.emit(out.out, b)
		},
	}
	out.register(cmd, "json or yaml")
	cmd.Flags().Lookup("format").DefValue = "json"
	_ = cmd.Flags().Set("format", "json")
	cmd.Flags().StringVar(&id, "instrument", instrument.Default, "instrument to print")
	return cmd
}
