package advisor_test

import "os"

// embedded is the package's data directory, read the way the binary embeds
// it; tests may use the file system, the package may not.
var embedded = os.DirFS("data")
