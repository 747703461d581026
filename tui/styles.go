package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles holds every lipgloss style of the program, built once for the
// terminal's background. Colours are only ever a second cue: each meaning is
// also carried by text, bold, reverse or underline, because Bubble Tea
// downsamples colours to the terminal's profile and drops them entirely under
// NO_COLOR (colorprofile.Ascii), where attributes remain.
type Styles struct {
	HasDark bool

	// Frame and chrome.
	App       lipgloss.Style // padding around the whole screen
	Title     lipgloss.Style // the program's title bar
	Banner    lipgloss.Style // demo banner: "temporary copy"
	Subtle    lipgloss.Style // secondary text, counts, hints
	Emphasis  lipgloss.Style // a word that matters inside plain text
	Help      help.Styles    // bubbles/help
	StatusBar lipgloss.Style // the status line's frame
	StatusOK  lipgloss.Style // "Saved records/x.toml"
	StatusErr lipgloss.Style // every error shown to the user
	StatusInf lipgloss.Style // progress and neutral messages
	Prompt    lipgloss.Style // a yes/no question ("Delete …? y/n")
	Dialog    lipgloss.Style // a box around a confirmation

	// Browser table.
	TableHeader lipgloss.Style
	Cell        lipgloss.Style
	SelectedRow lipgloss.Style // reverse video, so it shows without colour
	FilterLabel lipgloss.Style
	FilterText  lipgloss.Style

	// Findings badges and severities.
	BadgeError   lipgloss.Style
	BadgeWarning lipgloss.Style
	BadgeOK      lipgloss.Style

	// Git state of a record file.
	GitNew      lipgloss.Style
	GitModified lipgloss.Style
	GitClean    lipgloss.Style

	// Record view.
	Header       lipgloss.Style // the record's title line
	Section      lipgloss.Style // a section heading
	Provision    lipgloss.Style // "Art 31(1)(b)"
	Label        lipgloss.Style // a field's label
	Value        lipgloss.Style // a field's value
	Empty        lipgloss.Style // "(not set)"
	FindingError lipgloss.Style // a lint error beside its section
	FindingWarn  lipgloss.Style // a lint warning beside its section
	Fix          lipgloss.Style // the finding's fix
	Tab          lipgloss.Style // an inactive tab (record, notice, entry)
	ActiveTab    lipgloss.Style // the active tab
}

// NewStyles builds the styles for a dark (hasDark) or light background.
func NewStyles(hasDark bool) Styles {
	ld := lipgloss.LightDark(hasDark)
	var (
		accent  = ld(lipgloss.Color("#3B5BDB"), lipgloss.Color("#8CA6FF")) // EU blue, readable on both
		gold    = ld(lipgloss.Color("#8A6D00"), lipgloss.Color("#FFD43B"))
		subtle  = ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
		red     = ld(lipgloss.Color("#C92A2A"), lipgloss.Color("#FF6B6B"))
		orange  = ld(lipgloss.Color("#A85A00"), lipgloss.Color("#FFA94D"))
		green   = ld(lipgloss.Color("#2B8A3E"), lipgloss.Color("#69DB7C"))
		text    = ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E6E6E6"))
		barBack = ld(lipgloss.Color("#E9ECEF"), lipgloss.Color("#2B2B2B"))
	)

	s := Styles{HasDark: hasDark}
	s.App = lipgloss.NewStyle()
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Banner = lipgloss.NewStyle().Bold(true).Foreground(gold)
	s.Subtle = lipgloss.NewStyle().Foreground(subtle)
	s.Emphasis = lipgloss.NewStyle().Bold(true).Foreground(text)
	s.Help = help.DefaultStyles(hasDark)
	s.StatusBar = lipgloss.NewStyle().Background(barBack)
	s.StatusOK = lipgloss.NewStyle().Foreground(green)
	s.StatusErr = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.StatusInf = lipgloss.NewStyle().Foreground(subtle)
	s.Prompt = lipgloss.NewStyle().Bold(true).Foreground(gold)
	s.Dialog = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(gold).Padding(0, 1)

	s.TableHeader = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Cell = lipgloss.NewStyle()
	s.SelectedRow = lipgloss.NewStyle().Reverse(true).Bold(true)
	s.FilterLabel = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.FilterText = lipgloss.NewStyle().Foreground(text)

	s.BadgeError = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.BadgeWarning = lipgloss.NewStyle().Foreground(orange)
	s.BadgeOK = lipgloss.NewStyle().Foreground(green)

	s.GitNew = lipgloss.NewStyle().Foreground(green)
	s.GitModified = lipgloss.NewStyle().Foreground(orange)
	s.GitClean = lipgloss.NewStyle().Foreground(subtle)

	s.Header = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Section = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Provision = lipgloss.NewStyle().Foreground(subtle)
	s.Label = lipgloss.NewStyle().Foreground(subtle)
	s.Value = lipgloss.NewStyle().Foreground(text)
	s.Empty = lipgloss.NewStyle().Italic(true).Foreground(subtle)
	s.FindingError = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.FindingWarn = lipgloss.NewStyle().Foreground(orange)
	s.Fix = lipgloss.NewStyle().Italic(true).Foreground(text)
	s.Tab = lipgloss.NewStyle().Foreground(subtle).Padding(0, 1)
	s.ActiveTab = lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1)
	return s
}
