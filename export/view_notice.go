package export

import (
	"strings"

	"github.com/eu-ropa/ropa/model"
)

// noticeView is the data protection notice (Articles 15 and 16) and the
// register entry (Article 31(5)), which shows the same facts of the public
// copy of a record plus a few of its own. Every conditional paragraph of
// the templates hangs on a field here, so what a document says follows
// from the record alone. (One flat struct: templates look fields up by
// name at every use, and a field promoted from an embedded struct costs a
// search through it each time.)
type noticeView struct {
	page
	// TextLang is the record's language when it differs from the page's:
	// the HTML templates put it in a lang attribute on each element that
	// prints the record's own text (WCAG 3.1.2).
	TextLang    string
	Institution string
	Operation   string
	// ScopeBefore and ScopeAfter are the catalog sentence intro.scope
	// around the operation's title, for the HTML template to mark the
	// title's language; Markdown fills the sentence in whole.
	ScopeBefore string
	ScopeAfter  string
	// CountryBefore and CountryAfter are access.country around a
	// recipient's country, likewise.
	CountryBefore string
	CountryAfter  string
	Controller    string
	// ControllerOrg and ControllerUnit are the two parts of Controller,
	// for the HTML header to mark their languages: OrgLocal says the
	// organisation is the register's institution, named in the page's
	// language (maker.organisation), not in the record's.
	ControllerOrg  string
	ControllerUnit string
	OrgLocal       bool
	Reference      string
	Date           string
	EntryHref      string // the register entry, in a site ("" otherwise)

	// 1. Introduction
	Processor bool
	Served    []servedView

	// 2. Why and how
	Description Text
	Purposes    []string
	Subjects    []subjectView
	Joint       []jointView
	OneJoint    bool // one joint controller: singular wording
	Automated   automatedView

	// 3. Legal grounds
	Grounds            []option // each Text ends with the list's punctuation (";" or ".")
	OneGround          bool
	UnionLaw           Text
	Consent            bool
	ConsentDetails     Text
	Special            bool
	SpecialGrounds     []option
	SpecialExplanation Text
	Criminal           bool
	CriminalBasis      Text

	// 4. Which data
	Categories    []categoryView
	FromOthers    []categoryView // Article 16: the categories not obtained from the data subject
	NoneFromYou   bool           // every category is in FromOthers: none is obtained from the data subject
	Generated     bool           // some data are recorded by the system
	Provision     string         // the catalog key of the provision sentence, "" when not recorded
	Obliged       bool
	HasMandatory  bool // some category is marked as required
	Consequences  Text
	HasRetentions bool

	// 6. Security
	Security Text
	Measures []option

	// 7. Access and transfers
	Recipients  []recipientView
	Processors  []processorView
	Transfers   []transferView
	NoTransfers bool // no transfer and no recipient that would need one
	AllFromYou  bool // every data category has a source, and it is the data subject (or their use of the system)
	Published   bool // the record is in the public register, so its reference may be called a register reference

	// 8. Rights
	Rights          []option
	Objection       bool
	Withdraw        bool
	WithdrawPartial bool // consent is one ground among others: say where it applies
	Portability     bool
	// PortabilityKey is the catalog key of the portability sentence: it
	// names only the grounds of Article 22(1)(a) the record has, and says
	// whether they cover the whole processing (rights.portability_*).
	PortabilityKey string
	NoAutomated    bool // Art 24 applies
	Restrictions   bool
	RestrictionTxt Text
	RightsInfo     Text // the record's own further information on exercising the rights

	// 9. Contact
	ControllerContact contactView
	DPO               contactView
	EDPS              contactView

	// 10. More
	RegisterURL     string
	RegisterURLHref string

	// The register entry only.
	// ServedNotice, for a record kept as processor, is the catalog key of
	// the sentence that says whose notice applies instead of its own
	// (HasNotice): one controller served, several, or none named.
	ServedNotice string
	Title        string
	LastUpdated  string
	NoticeDate   string
	Version      string
	Kind         option
	Status       option
	NoticeHref   string
}

type servedView struct {
	Name    string
	Contact string
	// ContactLine is Contact with its addresses as links ({{line .ContactLine}}).
	ContactLine Line
	Categories  []string
}

type subjectView struct {
	Name        string
	Description Text
}

type jointView struct {
	Name    string
	Contact string
	// ContactLine is Contact with its addresses as links ({{line .ContactLine}}):
	// the contact point of Article 28(3) must be usable from the page.
	ContactLine Line
	Arrangement Text
}

type automatedView struct {
	Used         bool
	Profiling    bool
	Logic        Text
	Consequences Text
}

type categoryView struct {
	Name         string
	Items        []string
	Mandatory    bool
	Special      bool
	Source       option
	SourceDetail string
	Retention    Text
}

type recipientView struct {
	Name        string
	Kind        option
	Country     string // in the document's language when the record gives a code (country.go)
	CountryLang string // the record's language when Country is its own text in another language
	Description Text
}

// processorView is a processor. The documents show its Location on a line
// of its own, labelled field.processors.location, not in brackets after
// the service, whose own text often ends in a bracket (review N7).
type processorView struct {
	Name    string
	Contact string
	// ContactLine is Contact with its addresses as links ({{line .ContactLine}}).
	ContactLine Line
	Service     string
	Location    string
}

type transferView struct {
	Recipient    string
	Country      string // as recipientView.Country
	CountryLang  string
	Organisation string
	Mechanisms   []option
	Safeguards   Text
	// SafeguardsKey labels the Safeguards text: "access.safeguards" when
	// the transfer rests on appropriate safeguards (Article 48), else
	// "access.details" (an adequacy decision, or derogations of Article
	// 50, which are by definition the absence of safeguards).
	SafeguardsKey string
	// Copy: Article 48 safeguards, of which the data subject may obtain a
	// copy (Articles 15(1)(e), 16(1)(f)).
	Copy bool
	// Risks: the transfer rests on explicit consent (Article 50(1)(a))
	// with neither an adequacy decision nor safeguards; the notice states
	// the risks that consent has to be informed of.
	Risks bool
}

func (m *maker) notice(reg *model.Register, r *model.Record) *noticeView {
	v := &noticeView{
		TextLang:    m.textLang,
		Institution: m.str(institution(reg, r)),
		Operation:   m.str(r.Title),
		Reference:   m.str(r.Reference),
		Processor:   r.IsProcessor(),
		Description: m.text(r.Description),
		Purposes:    m.strs(r.Purposes),
	}
	org, local := m.organisation(r.Controller.Organisation)
	v.ControllerOrg, v.OrgLocal = m.str(org), local
	if local {
		v.Institution = v.ControllerOrg
	}
	v.ControllerUnit = m.str(r.Controller.Unit)
	v.Controller = m.str(controllerName(model.Controller{Organisation: org, Unit: r.Controller.Unit}))
	if !m.md {
		v.ScopeBefore, v.ScopeAfter = m.around("intro.scope", "{operation}")
		v.CountryBefore, v.CountryAfter = m.around("access.country", "{country}")
	}
	date := r.NoticeDate
	if date.IsZero() {
		date = r.LastUpdated
	}
	v.Date = m.date(date)
	for _, s := range r.ProcessingOnBehalf {
		v.Served = append(v.Served, servedView{Name: m.str(s.Controller), Contact: m.str(s.Contact), ContactLine: m.line(s.Contact), Categories: m.strs(s.Categories)})
	}
	for _, s := range r.DataSubjects {
		v.Subjects = append(v.Subjects, subjectView{Name: m.str(s.Name), Description: m.text(s.Description)})
	}
	for _, j := range r.JointControllers {
		v.Joint = append(v.Joint, jointView{Name: m.str(j.Name), Contact: m.str(j.Contact), ContactLine: m.line(j.Contact), Arrangement: m.text(j.Arrangement)})
	}
	v.OneJoint = len(v.Joint) == 1
	ad := r.AutomatedDecisions
	v.Automated = automatedView{Used: ad.Used, Profiling: ad.Profiling, Logic: m.text(ad.Logic), Consequences: m.text(ad.Consequences)}

	lb := r.LegalBasis
	v.Grounds = m.listItems(opts(m, "ground", lb.Grounds))
	v.OneGround = len(v.Grounds) == 1
	v.UnionLaw = m.text(lb.UnionLaw)
	v.Consent = r.HasGround(model.GroundConsent) || r.HasSpecialGround(model.SpecialExplicitConsent)
	v.ConsentDetails = m.text(lb.ConsentDetails)
	v.SpecialGrounds = m.listItems(opts(m, "special", lb.SpecialGrounds))
	// An Art 10(2) ground alone does not mean special data are processed
	// (lint warns about that record); the notice must not say they are.
	v.Special = r.UsesSpecialCategories()
	v.SpecialExplanation = m.text(lb.SpecialExplanation)
	v.Criminal = lb.CriminalData
	v.CriminalBasis = m.text(lb.CriminalDataBasis)

	v.AllFromYou = len(r.DataCategories) > 0
	v.Published = r.IsPublished()
	for _, c := range r.DataCategories {
		if c.Source != model.SourceDataSubject && c.Source != model.SourceGenerated {
			v.AllFromYou = false
		}
		cv := m.category(c)
		v.Categories = append(v.Categories, cv)
		switch c.Source {
		case model.SourceThirdParty, model.SourcePublic:
			v.FromOthers = append(v.FromOthers, cv)
		case model.SourceGenerated:
			// Listed with the other sources too: "not obtained from
			// you" is true of what the system records.
			v.FromOthers = append(v.FromOthers, cv)
			v.Generated = true
		}
		if c.Mandatory {
			v.HasMandatory = true
		}
		if !cv.Retention.Empty() {
			v.HasRetentions = true
		}
	}
	if !model.NeedsArticle16(r) {
		v.FromOthers = nil
	}
	v.NoneFromYou = len(v.FromOthers) > 0 && len(v.FromOthers) == len(v.Categories)
	if p := r.Provision.Requirement; p != "" {
		if _, ok := model.FindOption(model.ProvisionOptions, string(p)); ok {
			v.Provision = "data.provision_" + string(p)
		}
	}
	v.Obliged = r.Provision.Obliged
	v.Consequences = m.text(r.Provision.Consequences)

	v.Security = m.text(r.Security.Description)
	v.Measures = opts(m, "measure", r.Security.Measures)

	needTransfer := false
	for _, rc := range r.Recipients {
		v.Recipients = append(v.Recipients, m.recipient(rc))
		if rc.Kind.NeedsTransfer() {
			needTransfer = true
		}
	}
	for _, p := range r.Processors {
		v.Processors = append(v.Processors, processorView{Name: m.str(p.Name), Contact: m.str(p.Contact), ContactLine: m.line(p.Contact), Service: m.str(p.Service), Location: m.str(p.Location)})
	}
	for _, t := range r.Transfers {
		v.Transfers = append(v.Transfers, m.transfer(t))
	}
	v.NoTransfers = len(v.Transfers) == 0 && !needTransfer

	for _, right := range model.Rights(r) {
		switch right {
		case model.RightObjection:
			v.Objection = true
		case model.RightWithdrawConsent:
			v.Withdraw = true
		case model.RightPortability:
			v.Portability = true
		case model.RightNoAutomatedDecision:
			v.NoAutomated = true
		}
		v.Rights = append(v.Rights, option{Code: string(right), Text: m.label("right", string(right))})
	}
	v.Rights = m.listItems(v.Rights)
	v.WithdrawPartial = v.Withdraw && !onlyOn(r, model.GroundConsent)
	if v.Portability {
		v.PortabilityKey = portabilityKey(r)
	}
	v.Restrictions = r.Restrictions.Apply
	v.RestrictionTxt = m.text(r.Restrictions.Rules)
	v.RightsInfo = m.text(r.RightsInfo)

	c := r.Controller
	c.Organisation = org
	v.ControllerContact = m.controllerContact(c)
	v.ControllerContact.Lang = m.textLang
	v.DPO = m.contact(model.EffectiveDPO(*reg, r))
	if !r.DPO.IsZero() {
		v.DPO.Lang = m.textLang // the record's own DPO, in its words
	}
	v.EDPS = m.edps(reg.EDPS)
	v.RegisterURL = m.str(reg.RegisterURL)
	v.RegisterURLHref = m.href(safeURL(reg.RegisterURL))
	return v
}

func (m *maker) category(c model.DataCategory) categoryView {
	return categoryView{
		Name:         m.str(c.Name),
		Items:        m.strs(c.Items),
		Mandatory:    c.Mandatory,
		Special:      c.Special,
		Source:       option{Code: string(c.Source), Text: m.label("source", string(c.Source))},
		SourceDetail: m.str(c.SourceDetail),
		Retention:    m.text(c.Retention),
	}
}

func (m *maker) recipient(rc model.Recipient) recipientView {
	v := recipientView{Name: m.str(rc.Name), Description: m.text(rc.Description)}
	v.Country, v.CountryLang = m.country(rc.Country)
	if rc.Kind != "" {
		v.Kind = option{Code: string(rc.Kind), Text: m.label("recipient", string(rc.Kind))}
		if repeats(m.cat.text["recipient."+string(rc.Kind)], rc.Name) {
			v.Kind.Text = "" // "Öffentlichkeit (die Öffentlichkeit)" says nothing
		}
	}
	return v
}

// KindNamesCountry reports whether the recipient's kind is a place that
// its country completes: "a recipient in a third country: United States",
// not "…; country: United States" (review N12).
func (r recipientView) KindNamesCountry() bool {
	if r.Kind.Text == "" || r.Country == "" {
		return false
	}
	return r.Kind.Code == string(model.RecipientThirdCountry) || r.Kind.Code == string(model.RecipientMemberState)
}

func (m *maker) transfer(t model.Transfer) transferView {
	v := transferView{
		Recipient:    m.str(t.Recipient),
		Organisation: m.str(t.InternationalOrganisation),
		Mechanisms:   opts(m, "mechanism", t.Mechanisms),
		Safeguards:   m.text(t.Safeguards),
	}
	v.Country, v.CountryLang = m.country(t.Country)
	v.SafeguardsKey = "access.details"
	safeguards, adequacy, consent := false, false, false
	for _, mech := range t.Mechanisms {
		switch mech.Article() {
		case 47:
			adequacy = true
		case 48:
			safeguards = true
		}
		if mech == model.MechExplicitConsent {
			consent = true
		}
	}
	if safeguards {
		v.SafeguardsKey = "access.safeguards"
	}
	v.Copy = safeguards
	v.Risks = consent && !safeguards && !adequacy
	return v
}

// edps is the register's EDPS contact, or the Supervisor's published
// contact when the register gives none: every notice must name it.
func (m *maker) edps(c model.Contact) contactView {
	if c.IsZero() {
		c = model.Contact{Email: "edps@edps.europa.eu", URL: "https://www.edps.europa.eu"}
	}
	v := m.contact(c)
	if v.Name == "" {
		v.Name = m.fixed("contact.edps_name")
	}
	return v
}

// listItems ends each item of a list that continues its lead sentence
// with the list's punctuation: a semicolon, and a full stop after the last
// ("… (Article 5(1)(a));" … "… (Article 5(1)(d)).").
func (m *maker) listItems(items []option) []option {
	sep, end := m.cat.text["doc.list_sep"], m.cat.text["doc.list_end"]
	for i := range items {
		if i == len(items)-1 {
			items[i].Text += end
		} else {
			items[i].Text += sep
		}
	}
	return items
}

// around splits the catalog text of key at the placeholder, for a template
// that puts markup around the value: "… operation “" and "”, how …".
// Without the placeholder, the whole text comes before.
func (m *maker) around(key, placeholder string) (before, after string) {
	s := m.cat.text[key]
	if i := strings.Index(s, placeholder); i >= 0 {
		return s[:i], s[i+len(placeholder):]
	}
	return s, ""
}

// onlyOn reports whether g is the record's one ground of Article 5(1):
// then what the notice says of that ground holds for the whole
// processing. (A ground of Article 10(2) only lifts the ban on special
// categories; the processing is lawful by its Article 5(1) ground.)
func onlyOn(r *model.Record, g model.Ground) bool {
	lb := r.LegalBasis
	if len(lb.Grounds) == 0 {
		return false
	}
	for _, have := range lb.Grounds {
		if have != g {
			return false
		}
	}
	return true
}

// portabilityKey is the catalog key of the portability sentence for a
// record that has the right (model.Rights): it names the grounds of
// Article 22(1)(a) the record has, consent, contract or both, and limits
// the right to the data provided on them unless they are the whole legal
// basis (Article 22(3) excludes processing for a task in the public
// interest).
func portabilityKey(r *model.Record) string {
	consent := r.HasGround(model.GroundConsent) || r.HasSpecialGround(model.SpecialExplicitConsent)
	contract := r.HasGround(model.GroundContract)
	// The grounds cover the whole processing when they are its only
	// grounds of Article 5(1) (see onlyOn); an explicit consent of
	// Article 10(2)(a) alone covers the special categories only.
	whole := len(r.LegalBasis.Grounds) > 0 && (!consent || r.HasGround(model.GroundConsent))
	for _, g := range r.LegalBasis.Grounds {
		if g != model.GroundConsent && g != model.GroundContract {
			whole = false
		}
	}
	key := "rights.portability"
	if !whole {
		key += "_partial"
	}
	switch {
	case consent && contract:
		return key
	case contract:
		return key + "_contract"
	}
	return key + "_consent"
}

// repeats reports whether a kind's label says no more than the name:
// equal to it, or equal but for a leading article ("die Öffentlichkeit"
// for "Öffentlichkeit", "the public" for "Public").
func repeats(label, name string) bool {
	label, name = strings.TrimSpace(label), strings.TrimSpace(name)
	if name == "" || label == "" {
		return false
	}
	if strings.EqualFold(label, name) {
		return true
	}
	_, rest, ok := strings.Cut(label, " ")
	return ok && strings.EqualFold(rest, name)
}
