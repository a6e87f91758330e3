package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/profile"
)

// exportFile is the name of the one file `twohats export --format json` writes.
const exportFile = "twohats-export.json"

// exportTable is one table of a JSON export.
type exportTable struct {
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
}

func newExportCmd(e *env) *cobra.Command {
	var format, dir, org string
	cmd := &cobra.Command{
		Use:   "export --out DIR",
		Short: "Export everything the organisation owns, as JSON or CSV",
		Long: `Export every row of every table the command line's personal organisation
owns, or, with --org SLUG, the organisation with that slug (such as one
created by signing up to twohats serve; an unknown slug is exit status 3):
with --format json, one file DIR/` + exportFile + ` mapping each table to its
columns and rows; with --format csv, one DIR/<table>.csv per table with rows,
its header naming the columns. Every value is text, "" for none. Password and
token hashes are never exported. An assessment's answers are the answers JSON
that twohats assess --answers reads, whichever form the database holds them in.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "json", "csv"); err != nil {
				return err
			}
			if dir == "" {
				return usageError{fmt.Errorf("--out DIR is required: the directory to write the export into")}
			}
			// The organisation first, so a mistyped --org leaves no directory behind.
			db, orgID, err := e.openOrg(cmd.Context(), org)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return fmt.Errorf("create %s: %w", dir, err)
			}
			tables := map[string]*exportTable{}
			var order []string
			err = db.ExportOrg(cmd.Context(), orgID, func(table string, columns, row []string) error {
				t := tables[table]
				if t == nil {
					t = &exportTable{Columns: slices.Clone(columns), Rows: [][]string{}}
					tables[table] = t
					order = append(order, table)
				}
				row = slices.Clone(row)
				if table == "assessments" {
					if err := e.expandAnswers(columns, row); err != nil {
						return err
					}
				}
				t.Rows = append(t.Rows, row)
				return nil
			})
			if err != nil {
				return err
			}
			if format == "json" {
				b, err := json.MarshalIndent(tables, "", " ")
				if err != nil {
					return err
				}
				if err := writeExportFile(filepath.Join(dir, exportFile), append(b, '\n')); err != nil {
					return err
				}
			} else {
				for _, name := range order {
					if err := writeCSV(filepath.Join(dir, name+".csv"), tables[name]); err != nil {
						return err
					}
				}
			}
			for _, name := range order {
				fmt.Fprintf(e.stdout, "%-20s %d rows\n", name, len(tables[name].Rows))
			}
			fmt.Fprintf(e.stdout, "exported %d tables to %s\n", len(order), dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "json (one file) or csv (one file per table)")
	cmd.Flags().StringVar(&dir, "out", "", "directory to write the export into")
	cmd.PersistentFlags().StringVar(&org, "org", "", orgUsage)
	return cmd
}

// expandAnswers rewrites an assessment row's answers in the compact form
// assess.Record stores as the answers JSON, the public contract, so that an
// export reads without twohats; answers already JSON stay as they are.
func (e *env) expandAnswers(columns, row []string) error {
	answers, instr := slices.Index(columns, "answers"), slices.Index(columns, "instrument")
	if answers < 0 || instr < 0 || !profile.IsCompact([]byte(row[answers])) {
		return nil
	}
	id := ""
	if i := slices.Index(columns, "id"); i >= 0 {
		id = row[i]
	}
	sc, err := e.cat.Scorer(row[instr])
	if err != nil {
		return fmt.Errorf("export assessment %s: %w", id, err)
	}
	b, err := sc.ExpandStored([]byte(row[answers]))
	if err != nil {
		return fmt.Errorf("export assessment %s: %w", id, err)
	}
	row[answers] = string(b)
	return nil
}

// writeExportFile writes data readable by its owner only, as an export holds people's data.
func writeExportFile(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeCSV(path string, t *exportTable) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	w := csv.NewWriter(f)
	_ = w.Write(t.Columns)
	_ = w.WriteAll(t.Rows)
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
