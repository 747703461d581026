package records

import (
	"errors"
	"fmt"
	"strings"
)

// ParseError is a file that does not parse or does not fit the schema.
// Line and Col are 1-based (Col counts bytes, as BurntSushi's do); both are
// zero when the error concerns the whole file (it cannot be read).
type ParseError struct {
	Path  string // relative to the register root, slash-separated: "records/x.toml"
	Line  int
	Col   int
	Field string // TOML path of the field, when known: "data_categories[1].source"
	Msg   string // what is wrong, in plain words
	Fix   string // what to do, when there is something to say
}

// Error reads "records/x.toml:3:7: data_categories[1].source: … ; fix".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Fix != "" {
		b.WriteString("; ")
		b.WriteString(e.Fix)
	}
	return b.String()
}

// ErrConflict is matched (errors.Is) by every ConflictError.
var ErrConflict = errors.New("file changed on disk since it was loaded")

// ConflictError says a file on disk is no longer the one that was loaded,
// so writing over it (or removing it) would lose someone else's change.
type ConflictError struct {
	Path    string // relative to the register root
	Deleted bool   // the file is gone
	Exists  bool   // Create: the file already exists
}

func (e *ConflictError) Error() string {
	switch {
	case e.Exists:
		return fmt.Sprintf("%s already exists; choose another name, or load that record and edit it", e.Path)
	case e.Deleted:
		return fmt.Sprintf("%s was deleted on disk since it was loaded (a git pull or another editor?); reload the register, and create the record again if you still need it", e.Path)
	default:
		return fmt.Sprintf("%s changed on disk since it was loaded (a git pull or another editor?); reload it and apply your change again", e.Path)
	}
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// ErrComments is matched (errors.Is) when Save refuses a file that holds
// hand-written comments.
var ErrComments = errors.New("file holds hand-written comments")

// CommentsError says a save would drop hand-written comments.
type CommentsError struct{ Path string }

func (e *CommentsError) Error() string {
	return fmt.Sprintf("%s holds hand-written comments (# …), which canonical formatting would drop; "+
		"move what they say into the record's notes field (notes = \"\"\"…\"\"\"), or delete them, then save again", e.Path)
}

// Is makes errors.Is(err, ErrComments) true.
func (e *CommentsError) Is(target error) bool { return target == ErrComments }
