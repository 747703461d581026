package main

import (
	_ "charm.land/bubbletea/v2"
	_ "charm.land/bubbles/v2/help"
	_ "charm.land/huh/v2"
	_ "charm.land/lipgloss/v2"
	_ "charm.land/glamour/v2"
	_ "github.com/BurntSushi/toml"
	_ "github.com/spf13/cobra"
	_ "github.com/charmbracelet/x/exp/teatest/v2"
)
func main() {}
