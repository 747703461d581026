package records

// WriteFileAtomic writes data to name so that a crash leaves either the old
// file or the new one: a temporary file in the same folder, synced, then
// renamed over name. For files ropa writes outside the register's records
// (a JSON Schema, exported documents).
func WriteFileAtomic(name string, data []byte) error {
	return writeAtomic(name, data)
}
