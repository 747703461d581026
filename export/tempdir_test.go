package export

import "os"

// tempDir is a folder for the example register shared by the tests of one
// run; the OS cleans its temporary folder.
func tempDir() (string, error) { return os.MkdirTemp("", "ropa-export-example-") }
