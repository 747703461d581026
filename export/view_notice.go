package export

import (
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
	Institution string
	Operation   string
	Controller  string
	Reference   string
	Date        string
	EntryHref   string // the register entry, in a site ("" otherwise)

	// 1. Introduction
	Processor bool
	Served    []servedView

	// 2. Why and how
	Description Text
	Purposes    []string
	Subjects    []subjectView
	Joint       []jointView
	Automated   automatedView

	// 3. Legal grounds
	Grounds            []option
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
	Generated     bool           // some data are recorded by the system
	Provision     string         // the catalog key of the provision sentence, "" when not recorded
	Obliged       bool
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
	Rights         []option
	Objection      bool
	Withdraw       bool
	Portability    bool
	NoAutomated    bool // Art 24 applies
	Restrictions   bool
	RestrictionTxt Text

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
	Name       string
	Contact    string
	Categories []string
}

type subjectView struct {
	Name        string
	Description Text
}

type jointView struct {
	Name        string
	Contact     string
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

type processorView struct {
	Name     string
	Contact  string
	Service  string
	Location string
}

type transferView struct {
	Recipient    string
	Country      string // as recipientView.Country
	CountryLang  string
	Organisation string
	Mechanisms   []option
	Safeguards   Text
}

func (m *maker) notice(reg *model.Register, r *model.Record) *noticeView {
	v := &noticeView{
		Institution: m.str(institution(reg, r)),
		Operation:   m.str(r.Title),
		Controller:  m.str(controllerName(r.Controller)),
		Reference:   m.str(r.Reference),
		Processor:   r.IsProcessor(),
		Description: m.text(r.Description),
		Purposes:    m.strs(r.Purposes),
	}
	date := r.NoticeDate
	if date.IsZero() {
		date = r.LastUpdated
	}
	v.Date = m.date(date)
	for _, s := range r.ProcessingOnBehalf {
		v.Served = append(v.Served, servedView{Name: m.str(s.Controller), Contact: m.str(s.Contact), Categories: m.strs(s.Categories)})
	}
	for _, s := range r.DataSubjects {
		v.Subjects = append(v.Subjects, subjectView{Name: m.str(s.Name), Description: m.text(s.Description)})
	}
	for _, j := range r.JointControllers {
		v.Joint = append(v.Joint, jointView{Name: m.str(j.Name), Contact: m.str(j.Contact), Arrangement: m.text(j.Arrangement)})
	}
	ad := r.AutomatedDecisions
	v.Automated = automatedView{Used: ad.Used, Profiling: ad.Profiling, Logic: m.text(ad.Logic), Consequences: m.text(ad.Consequences)}

	lb := r.LegalBasis
	v.Grounds = opts(m, "ground", lb.Grounds)
	v.UnionLaw = m.text(lb.UnionLaw)
	v.Consent = r.HasGround(model.GroundConsent) || r.HasSpecialGround(model.SpecialExplicitConsent)
	v.ConsentDetails = m.text(lb.ConsentDetails)
	v.SpecialGrounds = opts(m, "special", lb.SpecialGrounds)
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
			v.Generated = true
		}
		if !cv.Retention.Empty() {
			v.HasRetentions = true
		}
	}
	if !model.NeedsArticle16(r) {
		v.FromOthers = nil
	}
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
		v.Processors = append(v.Processors, processorView{Name: m.str(p.Name), Contact: m.str(p.Contact), Service: m.str(p.Service), Location: m.str(p.Location)})
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
	v.Restrictions = r.Restrictions.Apply
	v.RestrictionTxt = m.text(r.Restrictions.Rules)

	v.ControllerContact = m.controllerContact(r.Controller)
	v.DPO = m.contact(model.EffectiveDPO(*reg, r))
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
	}
	return v
}

func (m *maker) transfer(t model.Transfer) transferView {
	v := transferView{
		Recipient:    m.str(t.Recipient),
		Organisation: m.str(t.InternationalOrganisation),
		Mechanisms:   opts(m, "mechanism", t.Mechanisms),
		Safeguards:   m.text(t.Safeguards),
	}
	v.Country, v.CountryLang = m.country(t.Country)
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
