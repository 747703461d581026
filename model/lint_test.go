package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// today is the date every lint test runs on.
var today = date(2026, 1, 15)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func testRegister() Register {
	return Register{
		Name:            "European Commission",
		ShortName:       "EC",
		ReferencePrefix: "DPR-EC-",
		ReferenceDigits: 5,
		Languages:       []string{"en", "fr", "nl"},
		DPO:             Contact{Name: "Data Protection Officer", Email: "data-protection-officer@ec.europa.eu"},
		EDPS:            Contact{Name: "European Data Protection Supervisor", Email: "edps@edps.europa.eu"},
		Translations: []RegisterTranslation{
			{Language: "fr", Name: "Commission européenne", DPOName: "Délégué à la protection des données",
				EDPSName: "Contrôleur européen de la protection des données"},
			{Language: "nl", Name: "Europese Commissie", DPOName: "Functionaris voor gegevensbescherming",
				EDPSName: "Europese Toezichthouder voor gegevensbescherming"},
		},
	}
}

// validRecord is a complete controller's record that passes every check.
// Each test case breaks one thing in it.
func validRecord() *Record {
	return &Record{
		Title:          "European Migration Network Information Exchange System",
		Reference:      "DPR-EC-00932",
		Version:        2,
		Language:       "en",
		Kind:           KindController,
		Status:         StatusApproved,
		LastUpdated:    date(2025, 7, 10),
		NoticeDate:     date(2025, 7, 10),
		NextReview:     date(2026, 7, 10),
		Description:    "A web platform on which migration professionals share information.",
		Purposes:       []string{"to provide the service", "to verify the identity of users"},
		AutomatedMeans: true,
		Controller: Controller{
			Organisation: "European Commission",
			Unit:         "DG HOME, Unit C.2",
			Email:        "home-emn@ec.europa.eu",
			Address:      "Rue de la Loi 200, 1049 Brussels",
		},
		LegalBasis: LegalBasis{
			Grounds:  []Ground{GroundPublicTask},
			UnionLaw: "Council Decision 2008/381/EC, Article 2(1)(e)",
		},
		DataSubjects: []DataSubject{
			{Name: "Users of the platform", Description: "Staff of national authorities and of EU institutions."},
		},
		DataCategories: []DataCategory{
			{Name: "Identification data", Items: []string{"name", "e-mail address"}, Mandatory: true,
				Source: SourceDataSubject, Retention: "Until the user account is deleted."},
			{Name: "Log data", Items: []string{"IP address", "timestamps"},
				Source: SourceGenerated, Retention: "Per the common retention list."},
		},
		Recipients: []Recipient{
			{Name: "Authorised Commission staff", Kind: RecipientInternal},
			{Name: "National contact points", Kind: RecipientMemberState},
			{Name: "Swiss national contact point", Kind: RecipientThirdCountry, Country: "CH"},
		},
		Transfers: []Transfer{
			{Recipient: "Swiss national contact point", Country: "CH", Mechanisms: []Mechanism{MechAdequacy}},
		},
		Security: Security{
			Description: "Data are hosted in the Commission's data centre; access is limited to authorised staff.",
			Measures:    []SecurityMeasure{MeasureEncryption, MeasureAccessControl},
		},
		Provision: Provision{Requirement: ProvisionNone},
		JointControllers: []JointController{
			{Name: "Member State national contact points", Contact: "emn-ncp@example.eu",
				Arrangement: "The Commission answers requests about the platform; each contact point about its own content."},
		},
		Processors: []Processor{
			{Name: "Example Hosting SA", Contact: "dpo@example-hosting.eu", Service: "Hosting and maintenance",
				Location: "Luxembourg", Contract: "HOME/2019/OP/0001"},
		},
	}
}

// validProcessorRecord is a complete processor's record (Art 31(2)): it
// gives no purposes, data subjects, categories, recipients or legal basis,
// which are the controller's to record.
func validProcessorRecord() *Record {
	return &Record{
		Title:     "Hosting of the staff appraisal tool for other institutions",
		Reference: "DPR-EC-01234",
		Language:  "en",
		Kind:      KindProcessor,
		Status:    StatusApproved,
		Controller: Controller{
			Organisation: "European Commission",
			Unit:         "DG DIGIT, Unit B.1",
			Email:        "digit-b1@ec.europa.eu",
		},
		Security: Security{Description: "Hosted in the Commission's data centre."},
		ProcessingOnBehalf: []ServedController{
			{Controller: "European Court of Auditors, HR", Contact: "eca-hr@eca.europa.eu", Categories: []string{"hosting", "user support"}},
		},
	}
}

type fieldSeverity struct {
	Field    string
	Severity Severity
}

func (f fieldSeverity) String() string { return fmt.Sprintf("%s %s", f.Severity, f.Field) }

func errorAt(field string) fieldSeverity { return fieldSeverity{field, SeverityError} }
func warnAt(field string) fieldSeverity  { return fieldSeverity{field, SeverityWarning} }

func TestValidRecordsPass(t *testing.T) {
	for name, r := range map[string]*Record{"controller": validRecord(), "processor": validProcessorRecord()} {
		if fs := LintRecord(testRegister(), "records/x.toml", r, today); len(fs) != 0 {
			t.Errorf("%s: the valid record has findings:\n%s", name, describe(fs))
		}
	}
}

func TestLintRules(t *testing.T) {
	cases := []struct {
		name  string
		base  func() *Record // validRecord when nil
		reg   func(*Register)
		edit  func(*Record)
		want  []fieldSeverity
		extra func(t *testing.T, fs []Finding)
	}{
		// Identity.
		{name: "no title", edit: func(r *Record) { r.Title = "  " }, want: []fieldSeverity{errorAt("title")}},
		{name: "unknown kind", edit: func(r *Record) { r.Kind = "owner" }, want: []fieldSeverity{errorAt("kind")}},
		{name: "empty kind is a controller", edit: func(r *Record) { r.Kind = "" }},
		{name: "unknown status", edit: func(r *Record) { r.Status = "final" }, want: []fieldSeverity{errorAt("status")}},
		{name: "public monitoring, not large scale, no DPIA", edit: func(r *Record) { r.DPIA = DPIA{SystematicMonitoring: true} },
			want: []fieldSeverity{warnAt("dpia.large_scale")}},
		{name: "public monitoring, not large scale, DPIA required", edit: func(r *Record) { r.DPIA = DPIA{SystematicMonitoring: true, Required: true, Done: true} }},
		{name: "draft: errors are warnings", edit: func(r *Record) { r.Status = StatusDraft; r.Title = ""; r.LegalBasis.UnionLaw = "" },
			want: []fieldSeverity{warnAt("legal_basis.union_law"), warnAt("title")}},
		{name: "no status counts as a draft", edit: func(r *Record) { r.Status = ""; r.Purposes = nil },
			want: []fieldSeverity{warnAt("purposes")}},
		{name: "processor: published without notice date", base: validProcessorRecord, edit: func(r *Record) { r.Status = StatusPublished; r.NoticeDate = time.Time{} }},
		{name: "language outside the register", edit: func(r *Record) { r.Language = "de" }, want: []fieldSeverity{warnAt("language")}},
		{name: "language in the register, other case", edit: func(r *Record) { r.Language = "NL" }},
		{name: "any language when the register lists none", reg: func(g *Register) { g.Languages = nil }, edit: func(r *Record) { r.Language = "de" }},

		// Workflow.
		{name: "approved without reference", edit: func(r *Record) { r.Reference = "" }, want: []fieldSeverity{errorAt("reference")}},
		{name: "draft without reference", edit: func(r *Record) { r.Reference = ""; r.Status = StatusDraft }},
		{name: "submitted without reference", edit: func(r *Record) { r.Reference = ""; r.Status = StatusSubmitted }},
		{name: "published without reference", edit: func(r *Record) { r.Reference = ""; r.Status = StatusPublished },
			want: []fieldSeverity{errorAt("reference"), errorAt("status")}},
		{name: "published and complete", edit: func(r *Record) { r.Status = StatusPublished }},
		{name: "published without notice date", edit: func(r *Record) { r.Status = StatusPublished; r.NoticeDate = time.Time{} },
			want: []fieldSeverity{errorAt("notice_date"), errorAt("status")},
			extra: func(t *testing.T, fs []Finding) {
				status := find(fs, "status")
				if !strings.Contains(status.Message, "1 error (in notice_date)") {
					t.Errorf("the published-must-pass finding does not name the failing field: %q", status.Message)
				}
			}},
		{name: "published with a warning only", edit: func(r *Record) { r.Status = StatusPublished; r.DataCategories[1].Retention = "" },
			want: []fieldSeverity{warnAt("data_categories[1].retention")}},
		{name: "approved without notice date", edit: func(r *Record) { r.NoticeDate = time.Time{} }},
		{name: "reference with another prefix", edit: func(r *Record) { r.Reference = "DPR-EP-00932" }, want: []fieldSeverity{warnAt("reference")},
			extra: func(t *testing.T, fs []Finding) {
				if !strings.Contains(fs[0].Message, "DPR-EC-00042") {
					t.Errorf("the message does not show the expected pattern: %q", fs[0].Message)
				}
			}},
		{name: "reference with too few digits", edit: func(r *Record) { r.Reference = "DPR-EC-932" }, want: []fieldSeverity{warnAt("reference")}},
		{name: "reference with letters after the prefix", edit: func(r *Record) { r.Reference = "DPR-EC-0093A" }, want: []fieldSeverity{warnAt("reference")}},
		{name: "any digits when the register sets no count", reg: func(g *Register) { g.ReferenceDigits = 0 }, edit: func(r *Record) { r.Reference = "DPR-EC-932" }},
		{name: "any reference when the register sets no prefix", reg: func(g *Register) { g.ReferencePrefix = "" }, edit: func(r *Record) { r.Reference = "ABC-1" }},
		{name: "review date passed", edit: func(r *Record) { r.NextReview = date(2026, 1, 14) }, want: []fieldSeverity{warnAt("next_review")}},
		{name: "review due today", edit: func(r *Record) { r.NextReview = today }},
		{name: "review date passed on a retired record", edit: func(r *Record) { r.NextReview = date(2025, 1, 1); r.Status = StatusRetired }},
		{name: "review date in another zone on the same day", edit: func(r *Record) {
			r.NextReview = time.Date(2026, 1, 15, 23, 0, 0, 0, time.FixedZone("east", 5*3600))
		}},
		{name: "no review date", edit: func(r *Record) { r.NextReview = time.Time{} }},
		{name: "last updated in the future", edit: func(r *Record) { r.LastUpdated = date(2026, 1, 16) }, want: []fieldSeverity{warnAt("last_updated")}},
		{name: "last updated today", edit: func(r *Record) { r.LastUpdated = today }},

		// Contacts, Art 31(1)(a).
		{name: "no organisation", edit: func(r *Record) { r.Controller.Organisation = "" }, want: []fieldSeverity{errorAt("controller.organisation")}},
		{name: "no controller contact", edit: func(r *Record) { r.Controller.Email = ""; r.Controller.Address = "" }, want: []fieldSeverity{errorAt("controller.email")}},
		{name: "postal address alone is a contact", edit: func(r *Record) { r.Controller.Email = "" }},
		{name: "invalid controller e-mail", edit: func(r *Record) { r.Controller.Email = "home-emn@" }, want: []fieldSeverity{errorAt("controller.email")}},
		{name: "controller e-mail with a display name", edit: func(r *Record) { r.Controller.Email = "EMN <home-emn@ec.europa.eu>" }, want: []fieldSeverity{errorAt("controller.email")}},
		{name: "controller e-mail as mailto", edit: func(r *Record) { r.Controller.Email = "mailto:home-emn@ec.europa.eu" }, want: []fieldSeverity{errorAt("controller.email")}},
		{name: "controller e-mail without a dot in the domain", edit: func(r *Record) { r.Controller.Email = "home@localhost" }, want: []fieldSeverity{errorAt("controller.email")}},
		{name: "invalid DPO e-mail in the record", edit: func(r *Record) { r.DPO = Contact{Name: "DPO", Email: "dpo at ec.europa.eu"} }, want: []fieldSeverity{errorAt("dpo.email")}},
		{name: "no DPO anywhere", reg: func(g *Register) { g.DPO = Contact{} }, want: []fieldSeverity{errorAt("dpo")}},
		{name: "DPO with a name only", reg: func(g *Register) { g.DPO = Contact{Name: "The DPO"} }, want: []fieldSeverity{errorAt("dpo")}},
		{name: "DPO in the record only", reg: func(g *Register) { g.DPO = Contact{} }, edit: func(r *Record) { r.DPO = Contact{Email: "dpo@eca.europa.eu"} }},

		// Art 31(1)(b)-(d).
		{name: "no purposes", edit: func(r *Record) { r.Purposes = nil }, want: []fieldSeverity{errorAt("purposes")}},
		{name: "only blank purposes", edit: func(r *Record) { r.Purposes = []string{" "} }, want: []fieldSeverity{errorAt("purposes")}},
		{name: "one blank purpose", edit: func(r *Record) { r.Purposes = append(r.Purposes, "") }, want: []fieldSeverity{warnAt("purposes[2]")}},
		{name: "no data subjects", edit: func(r *Record) { r.DataSubjects = nil }, want: []fieldSeverity{errorAt("data_subjects")}},
		{name: "data subjects without name", edit: func(r *Record) { r.DataSubjects[0].Name = "" }, want: []fieldSeverity{errorAt("data_subjects[0].name")}},
		{name: "no data categories", edit: func(r *Record) { r.DataCategories = nil }, want: []fieldSeverity{errorAt("data_categories")}},
		{name: "data category without name", edit: func(r *Record) { r.DataCategories[1].Name = "" }, want: []fieldSeverity{errorAt("data_categories[1].name")}},
		{name: "no recipients", edit: func(r *Record) { r.Recipients = nil },
			// The transfer's recipient is then unknown too.
			want: []fieldSeverity{errorAt("recipients"), warnAt("transfers[0].recipient")}},
		{name: "internal staff alone are enough", edit: func(r *Record) {
			r.Recipients = r.Recipients[:1]
			r.Transfers = nil
		}},
		{name: "recipient without name", edit: func(r *Record) { r.Recipients[1].Name = "" }, want: []fieldSeverity{errorAt("recipients[1].name")}},
		{name: "recipient without kind", edit: func(r *Record) { r.Recipients[1].Kind = "" }, want: []fieldSeverity{warnAt("recipients[1].kind")}},
		{name: "recipient of unknown kind", edit: func(r *Record) { r.Recipients[1].Kind = "partner" }, want: []fieldSeverity{errorAt("recipients[1].kind")}},
		{name: "controller with controllers served", edit: func(r *Record) {
			r.ProcessingOnBehalf = []ServedController{{Controller: "X", Contact: "x@example.eu", Categories: []string{"hosting"}}}
		}, want: []fieldSeverity{warnAt("processing_on_behalf")}},

		// Legal basis, Art 5.
		{name: "no ground", edit: func(r *Record) { r.LegalBasis.Grounds = nil }, want: []fieldSeverity{errorAt("legal_basis.grounds")}},
		{name: "unknown ground", edit: func(r *Record) { r.LegalBasis.Grounds = append(r.LegalBasis.Grounds, "legitimate_interest") },
			want: []fieldSeverity{errorAt("legal_basis.grounds[1]")}},
		{name: "public task without Union law", edit: func(r *Record) { r.LegalBasis.UnionLaw = "" }, want: []fieldSeverity{errorAt("legal_basis.union_law")}},
		{name: "legal obligation without Union law", edit: func(r *Record) {
			r.LegalBasis = LegalBasis{Grounds: []Ground{GroundLegalObligation}}
		}, want: []fieldSeverity{errorAt("legal_basis.union_law")}},
		{name: "vital interests need no Union law", edit: func(r *Record) {
			r.LegalBasis = LegalBasis{Grounds: []Ground{GroundVitalInterests}}
		}},
		{name: "consent without details", edit: func(r *Record) {
			r.LegalBasis.Grounds = append(r.LegalBasis.Grounds, GroundConsent)
		}, want: []fieldSeverity{warnAt("legal_basis.consent_details")}},
		{name: "consent with details", edit: func(r *Record) {
			r.LegalBasis.Grounds = append(r.LegalBasis.Grounds, GroundConsent)
			r.LegalBasis.ConsentDetails = "Users tick a box; they withdraw by writing to the mailbox."
		}},
		{name: "explicit consent for special data without details", edit: func(r *Record) {
			r.LegalBasis.SpecialCategories = true
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{SpecialExplicitConsent}
		}, want: []fieldSeverity{warnAt("legal_basis.consent_details")}},
		{name: "consent, IT measures, automated means not set", edit: func(r *Record) {
			r.LegalBasis.Grounds = []Ground{GroundConsent}
			r.LegalBasis.ConsentDetails = "Users tick a box."
			r.AutomatedMeans = false
		}, want: []fieldSeverity{warnAt("automated_means")}},
		{name: "contract, paper-only measures, automated means not set", edit: func(r *Record) {
			r.LegalBasis.Grounds = []Ground{GroundContract}
			r.AutomatedMeans = false
			r.Security.Measures = []SecurityMeasure{MeasurePhysical, MeasureConfidentiality}
		}},
		{name: "public task, automated means not set", edit: func(r *Record) { r.AutomatedMeans = false }},

		// Special categories and criminal data, Art 10 and 11.
		{name: "special flag without exception", edit: func(r *Record) { r.LegalBasis.SpecialCategories = true },
			want: []fieldSeverity{errorAt("legal_basis.special_grounds")}},
		{name: "special category without flag or exception", edit: func(r *Record) { r.DataCategories[0].Special = true },
			want: []fieldSeverity{errorAt("legal_basis.special_grounds"), warnAt("legal_basis.special_categories")}},
		{name: "special category with flag and exception", edit: func(r *Record) {
			r.DataCategories[0].Special = true
			r.LegalBasis.SpecialCategories = true
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{SpecialEmploymentLaw}
		}},
		{name: "exception without special data", edit: func(r *Record) {
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{SpecialEmploymentLaw}
		}, want: []fieldSeverity{warnAt("legal_basis.special_grounds")}},
		{name: "unknown exception", edit: func(r *Record) {
			r.LegalBasis.SpecialCategories = true
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{"article_9_2_b"}
		}, want: []fieldSeverity{errorAt("legal_basis.special_grounds[0]")}},
		{name: "criminal data without basis", edit: func(r *Record) { r.LegalBasis.CriminalData = true },
			want: []fieldSeverity{errorAt("legal_basis.criminal_data_basis")}},
		{name: "criminal data with basis", edit: func(r *Record) {
			r.LegalBasis.CriminalData = true
			r.LegalBasis.CriminalDataBasis = "Staff Regulations, Article 28"
		}},

		// Transfers, Chapter V.
		{name: "third-country recipient without transfer", edit: func(r *Record) { r.Transfers = nil },
			want: []fieldSeverity{errorAt("recipients[2]")}},
		{name: "international organisation without transfer", edit: func(r *Record) {
			r.Recipients[2] = Recipient{Name: "IOM", Kind: RecipientIntlOrg}
		}, want: []fieldSeverity{errorAt("recipients[2]"), warnAt("transfers[0].recipient")}},
		{name: "transfer matched despite case and spaces", edit: func(r *Record) { r.Transfers[0].Recipient = " swiss  national contact POINT" }},
		{name: "transfer to someone not among the recipients", edit: func(r *Record) {
			r.Transfers = append(r.Transfers, Transfer{Recipient: "US contractor", Country: "US", Mechanisms: []Mechanism{MechAdequacy}})
		}, want: []fieldSeverity{warnAt("transfers[1].recipient")}},
		{name: "transfer without recipient", edit: func(r *Record) { r.Transfers[0].Recipient = "" },
			want: []fieldSeverity{errorAt("recipients[2]"), errorAt("transfers[0].recipient")}},
		{name: "transfer without mechanism", edit: func(r *Record) { r.Transfers[0].Mechanisms = nil },
			want: []fieldSeverity{errorAt("transfers[0].mechanisms")}},
		{name: "transfer with unknown mechanism", edit: func(r *Record) { r.Transfers[0].Mechanisms = []Mechanism{"privacy_shield"} },
			want: []fieldSeverity{errorAt("transfers[0].mechanisms[0]")}},
		{name: "Art 48 transfer without safeguards", edit: func(r *Record) { r.Transfers[0].Mechanisms = []Mechanism{MechCommissionClauses} },
			want: []fieldSeverity{errorAt("transfers[0].safeguards")}},
		{name: "Art 48(3) transfer without safeguards", edit: func(r *Record) { r.Transfers[0].Mechanisms = []Mechanism{MechAdministrativeArrangement} },
			want: []fieldSeverity{errorAt("transfers[0].safeguards")}},
		{name: "Art 48 transfer with safeguards", edit: func(r *Record) {
			r.Transfers[0].Mechanisms = []Mechanism{MechCommissionClauses}
			r.Transfers[0].Safeguards = "Standard contractual clauses of 4 June 2021; a copy is available from the controller."
		}},
		{name: "transfer without country or organisation", edit: func(r *Record) { r.Transfers[0].Country = "" },
			want: []fieldSeverity{errorAt("transfers[0].country")}},
		{name: "transfer to an international organisation", edit: func(r *Record) {
			r.Transfers[0].Country = ""
			r.Transfers[0].InternationalOrganisation = "IOM"
		}},
		{name: "Art 50(1)(a) in the exercise of public powers", edit: func(r *Record) {
			r.Transfers[0].Mechanisms = []Mechanism{MechExplicitConsent}
			r.Transfers[0].PublicPowers = true
		}, want: []fieldSeverity{errorAt("transfers[0].mechanisms")}},
		{name: "Art 50(1)(c) in the exercise of public powers", edit: func(r *Record) {
			r.Transfers[0].Mechanisms = []Mechanism{MechContractInInterest}
			r.Transfers[0].PublicPowers = true
		}, want: []fieldSeverity{errorAt("transfers[0].mechanisms")}},
		{name: "Art 50(1)(d) in the exercise of public powers", edit: func(r *Record) {
			r.Transfers[0].Mechanisms = []Mechanism{MechPublicInterest}
			r.Transfers[0].PublicPowers = true
		}},
		{name: "Art 50(1)(b) under a public task, unconfirmed", edit: func(r *Record) {
			r.Transfers[0].Mechanisms = []Mechanism{MechContractWithSubject}
		}, want: []fieldSeverity{warnAt("transfers[0].public_powers")}},
		{name: "Art 50(1)(a) under a public task, documented", edit: func(r *Record) {
			r.Transfers[0].Mechanisms = []Mechanism{MechExplicitConsent}
			r.Transfers[0].Safeguards = "Users consent explicitly to the transfer when they register."
		}},
		{name: "Art 50(1)(a) without a public task", edit: func(r *Record) {
			r.LegalBasis.Grounds = []Ground{GroundLegalObligation}
			r.Transfers[0].Mechanisms = []Mechanism{MechExplicitConsent}
		}},

		// Automated decisions, Art 24 and 15(2)(f).
		{name: "automated decisions without logic or consequences", edit: func(r *Record) { r.AutomatedDecisions.Used = true },
			want: []fieldSeverity{errorAt("automated_decisions.consequences"), errorAt("automated_decisions.logic")}},
		{name: "automated decisions explained", edit: func(r *Record) {
			r.AutomatedDecisions = AutomatedDecisions{Used: true, Logic: "A score from the answers.", Consequences: "The application may be refused."}
		}},
		{name: "automated decisions on special data without Art 10(2)(a) or (g)", edit: func(r *Record) {
			r.AutomatedDecisions = AutomatedDecisions{Used: true, Logic: "A score.", Consequences: "Refusal."}
			r.LegalBasis.SpecialCategories = true
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{SpecialEmploymentLaw}
		}, want: []fieldSeverity{warnAt("automated_decisions.used")}},
		{name: "automated decisions on special data under Art 10(2)(g)", edit: func(r *Record) {
			r.AutomatedDecisions = AutomatedDecisions{Used: true, Logic: "A score.", Consequences: "Refusal."}
			r.LegalBasis.SpecialCategories = true
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{SpecialSubstantialInterest}
		}},

		// Data categories: source (Art 16) and retention (Art 31(1)(f)).
		{name: "data from a third party without source detail", edit: func(r *Record) { r.DataCategories[1].Source = SourceThirdParty },
			want: []fieldSeverity{errorAt("data_categories[1].source_detail")}},
		{name: "public data without source detail", edit: func(r *Record) { r.DataCategories[1].Source = SourcePublic },
			want: []fieldSeverity{errorAt("data_categories[1].source_detail")}},
		{name: "data from a third party with source detail", edit: func(r *Record) {
			r.DataCategories[1].Source = SourceThirdParty
			r.DataCategories[1].SourceDetail = "The national authority that nominates the user."
		}},
		{name: "data category without source", edit: func(r *Record) { r.DataCategories[1].Source = "" },
			want: []fieldSeverity{warnAt("data_categories[1].source")}},
		{name: "data category with unknown source", edit: func(r *Record) { r.DataCategories[1].Source = "scraped" },
			want: []fieldSeverity{errorAt("data_categories[1].source")}},
		{name: "data category without retention", edit: func(r *Record) { r.DataCategories[0].Retention = "" },
			want: []fieldSeverity{warnAt("data_categories[0].retention")}},

		// Provision of data, Art 15(2)(e).
		{name: "provision requirement missing", edit: func(r *Record) { r.Provision.Requirement = "" },
			want: []fieldSeverity{warnAt("provision.requirement")}},
		{name: "provision requirement unknown", edit: func(r *Record) { r.Provision.Requirement = "optional" },
			want: []fieldSeverity{errorAt("provision.requirement")}},
		{name: "statutory requirement without consequences", edit: func(r *Record) { r.Provision.Requirement = ProvisionStatutory },
			want: []fieldSeverity{warnAt("provision.consequences")}},
		{name: "contractual requirement without consequences", edit: func(r *Record) { r.Provision.Requirement = ProvisionContractual },
			want: []fieldSeverity{warnAt("provision.consequences")}},
		{name: "statutory requirement with consequences", edit: func(r *Record) {
			r.Provision = Provision{Requirement: ProvisionStatutory, Obliged: true, Consequences: "The application cannot be processed."}
		}},
		{name: "no data from the person, no provision statement", edit: func(r *Record) {
			r.Provision.Requirement = ""
			r.DataCategories = r.DataCategories[1:]
		}},

		// Restrictions, Art 25.
		{name: "restrictions without rules", edit: func(r *Record) { r.Restrictions.Apply = true },
			want: []fieldSeverity{errorAt("restrictions.rules")}},
		{name: "restrictions with rules", edit: func(r *Record) {
			r.Restrictions = Restrictions{Apply: true, Rules: "Commission Decision (EU) 2018/1927"}
		}},

		// DPIA, Art 39 and 40.
		{name: "large-scale special data without DPIA", edit: func(r *Record) {
			r.LegalBasis.SpecialCategories = true
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{SpecialEmploymentLaw}
			r.DPIA.LargeScale = true
		}, want: []fieldSeverity{errorAt("dpia.done"), errorAt("dpia.required")},
			extra: func(t *testing.T, fs []Finding) {
				if p := find(fs, "dpia.done").Provision; p != "Art 39(3)(b)" {
					t.Errorf("provision %q, want Art 39(3)(b)", p)
				}
			}},
		{name: "large-scale criminal data, DPIA required but not done", edit: func(r *Record) {
			r.LegalBasis.CriminalData = true
			r.LegalBasis.CriminalDataBasis = "Staff Regulations"
			r.DPIA = DPIA{LargeScale: true, Required: true}
		}, want: []fieldSeverity{errorAt("dpia.done")}},
		{name: "large-scale special data with DPIA done but not marked required", edit: func(r *Record) {
			r.LegalBasis.SpecialCategories = true
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{SpecialEmploymentLaw}
			r.DPIA = DPIA{LargeScale: true, Done: true}
		}, want: []fieldSeverity{errorAt("dpia.required")}},
		{name: "large-scale special data with DPIA", edit: func(r *Record) {
			r.LegalBasis.SpecialCategories = true
			r.LegalBasis.SpecialGrounds = []SpecialCatGround{SpecialEmploymentLaw}
			r.DPIA = DPIA{LargeScale: true, Required: true, Done: true, Reference: "DPIA-2025-01"}
		}},
		{name: "large scale without special data", edit: func(r *Record) { r.DPIA.LargeScale = true }},
		{name: "profiling with automated decisions without DPIA", edit: func(r *Record) {
			r.AutomatedDecisions = AutomatedDecisions{Used: true, Profiling: true, Logic: "A score.", Consequences: "Refusal."}
		}, want: []fieldSeverity{errorAt("dpia.done"), errorAt("dpia.required")},
			extra: func(t *testing.T, fs []Finding) {
				if p := find(fs, "dpia.required").Provision; p != "Art 39(3)(a)" {
					t.Errorf("provision %q, want Art 39(3)(a)", p)
				}
			}},
		{name: "large-scale monitoring of a public area without DPIA", edit: func(r *Record) {
			r.DPIA = DPIA{LargeScale: true, SystematicMonitoring: true}
		}, want: []fieldSeverity{errorAt("dpia.done"), errorAt("dpia.required")}},
		{name: "DPIA required, not done, approved", edit: func(r *Record) { r.DPIA.Required = true },
			want: []fieldSeverity{warnAt("dpia.done")}},
		{name: "DPIA required, not done, draft", edit: func(r *Record) { r.DPIA.Required = true; r.Status = StatusDraft }},
		{name: "DPIA required, not done, no status", edit: func(r *Record) { r.DPIA.Required = true; r.Status = "" }},
		{name: "high residual risk without prior consultation", edit: func(r *Record) {
			r.DPIA = DPIA{Required: true, Done: true, HighResidualRisk: true}
		}, want: []fieldSeverity{errorAt("dpia.prior_consultation")}},
		{name: "high residual risk with prior consultation", edit: func(r *Record) {
			r.DPIA = DPIA{Required: true, Done: true, HighResidualRisk: true, PriorConsultation: true}
		}},

		// Joint controllers (Art 28) and processors (Art 29).
		{name: "joint controller without arrangement", edit: func(r *Record) { r.JointControllers[0].Arrangement = "" },
			want: []fieldSeverity{errorAt("joint_controllers[0].arrangement")}},
		{name: "joint controller without name", edit: func(r *Record) { r.JointControllers[0].Name = "" },
			want: []fieldSeverity{errorAt("joint_controllers[0].name")}},
		{name: "joint controller without contact", edit: func(r *Record) { r.JointControllers[0].Contact = "" },
			want: []fieldSeverity{warnAt("joint_controllers[0].contact")}},
		{name: "processor without contract", edit: func(r *Record) { r.Processors[0].Contract = "" },
			want: []fieldSeverity{errorAt("processors[0].contract")},
			extra: func(t *testing.T, fs []Finding) {
				if p := fs[0].Provision; p != "Art 29(3)" {
					t.Errorf("provision %q, want Art 29(3)", p)
				}
			}},
		{name: "processor without service", edit: func(r *Record) { r.Processors[0].Service = "" },
			want: []fieldSeverity{warnAt("processors[0].service")}},
		{name: "processor without name", edit: func(r *Record) { r.Processors[0].Name = "" },
			want: []fieldSeverity{errorAt("processors[0].name")}},
		{name: "processor without contact", edit: func(r *Record) { r.Processors[0].Contact = "" },
			want: []fieldSeverity{warnAt("processors[0].contact")}},

		// Security, Art 31(1)(g) and 33.
		{name: "no security description", edit: func(r *Record) { r.Security.Description = "" },
			want: []fieldSeverity{errorAt("security.description")}},
		{name: "unknown security measure", edit: func(r *Record) { r.Security.Measures = append(r.Security.Measures, "firewall") },
			want: []fieldSeverity{errorAt("security.measures[2]")}},

		// Processor's records, Art 31(2).
		{name: "processor: no controllers served", base: validProcessorRecord, edit: func(r *Record) { r.ProcessingOnBehalf = nil },
			want: []fieldSeverity{errorAt("processing_on_behalf")}},
		{name: "processor: controller served without name", base: validProcessorRecord, edit: func(r *Record) { r.ProcessingOnBehalf[0].Controller = "" },
			want: []fieldSeverity{errorAt("processing_on_behalf[0].controller")}},
		{name: "processor: controller served without contact", base: validProcessorRecord, edit: func(r *Record) { r.ProcessingOnBehalf[0].Contact = "" },
			want: []fieldSeverity{errorAt("processing_on_behalf[0].contact")}},
		{name: "processor: no categories of processing", base: validProcessorRecord, edit: func(r *Record) { r.ProcessingOnBehalf[0].Categories = []string{""} },
			want: []fieldSeverity{errorAt("processing_on_behalf[0].categories")}},
		{name: "processor: no security description", base: validProcessorRecord, edit: func(r *Record) { r.Security.Description = "" },
			want: []fieldSeverity{errorAt("security.description")},
			extra: func(t *testing.T, fs []Finding) {
				if p := fs[0].Provision; p != "Art 31(2)(d)" {
					t.Errorf("provision %q, want Art 31(2)(d)", p)
				}
			}},
		{name: "processor: sub-processor without contract", base: validProcessorRecord, edit: func(r *Record) {
			r.Processors = []Processor{{Name: "Sub", Contact: "sub@example.eu", Service: "Backups"}}
		}, want: []fieldSeverity{errorAt("processors[0].contract")},
			extra: func(t *testing.T, fs []Finding) {
				if p := fs[0].Provision; p != "Art 29(4)" {
					t.Errorf("provision %q, want Art 29(4)", p)
				}
			}},
		{name: "processor: transfer without mechanism", base: validProcessorRecord, edit: func(r *Record) {
			r.Transfers = []Transfer{{Recipient: "Backup site", Country: "CH"}}
		}, want: []fieldSeverity{errorAt("transfers[0].mechanisms")}},
		{name: "processor: no organisation", base: validProcessorRecord, edit: func(r *Record) { r.Controller.Organisation = "" },
			want: []fieldSeverity{errorAt("controller.organisation")},
			extra: func(t *testing.T, fs []Finding) {
				if p := fs[0].Provision; p != "Art 31(2)(a)" {
					t.Errorf("provision %q, want Art 31(2)(a)", p)
				}
			}},
		{name: "processor: controller-only checks do not apply", base: validProcessorRecord, edit: func(r *Record) {
			r.DPIA.Required = true
			r.AutomatedDecisions.Used = true
			r.Restrictions.Apply = true
		}},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base
			if base == nil {
				base = validRecord
			}
			reg := testRegister()
			if tc.reg != nil {
				tc.reg(&reg)
			}
			r := base()
			if tc.edit != nil {
				tc.edit(r)
			}
			fs := LintRecord(reg, "records/emn-ies.toml", r, today)

			got := make([]fieldSeverity, len(fs))
			for i, f := range fs {
				got[i] = fieldSeverity{f.Field, f.Severity}
				checkWording(t, f)
				if f.Record != "records/emn-ies.toml" || f.Reference != r.Reference {
					t.Errorf("finding labelled %q/%q, want records/emn-ies.toml/%q", f.Record, f.Reference, r.Reference)
				}
			}
			want := slices.Clone(tc.want)
			slices.SortFunc(want, func(a, b fieldSeverity) int {
				if c := severityRank(a.Severity) - severityRank(b.Severity); c != 0 {
					return c
				}
				return compareFieldPaths(a.Field, b.Field)
			})
			if !slices.Equal(got, want) {
				t.Errorf("findings %v, want %v\n%s", got, want, describe(fs))
			}
			if tc.extra != nil && len(fs) > 0 {
				tc.extra(t, fs)
			}
		})
	}
}

// checkWording holds every finding to the contract: a provision, a message
// and a fix, in sentences.
func checkWording(t *testing.T, f Finding) {
	t.Helper()
	if !strings.HasPrefix(f.Provision, "Art ") {
		t.Errorf("%s: provision %q does not name an Article", f.Field, f.Provision)
	}
	if f.Message == "" || f.Fix == "" {
		t.Errorf("%s: message %q or fix %q is empty", f.Field, f.Message, f.Fix)
	}
	if !strings.HasSuffix(f.Message, ".") || !strings.HasSuffix(f.Fix, ".") {
		t.Errorf("%s: message %q or fix %q is not a sentence", f.Field, f.Message, f.Fix)
	}
}

func find(fs []Finding, field string) Finding {
	for _, f := range fs {
		if f.Field == field {
			return f
		}
	}
	return Finding{}
}

func describe(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s (%s): %s / %s\n", f.Record, f.Severity, f.Field, f.Provision, f.Message, f.Fix)
	}
	return b.String()
}

func TestLintRegisterDuplicateReferences(t *testing.T) {
	a, b, c, d := validRecord(), validRecord(), validRecord(), validRecord()
	c.Reference = "DPR-EC-00001"
	d.Reference, d.Status = "", StatusDraft // drafts without a reference are not duplicates
	e := validRecord()
	e.Reference, e.Status = "", StatusDraft
	b.Reference = " dpr-ec-00932 " // the same reference, written carelessly
	b.Status = StatusPublished

	recs := []NamedRecord{
		{"records/a.toml", a}, {"records/b.toml", b}, {"records/c.toml", c},
		{"records/d.toml", d}, {"records/e.toml", e},
	}
	fs := LintRegister(testRegister(), recs, today)

	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %s", f.Record, f.Severity, f.Field))
	}
	want := []string{
		"records/a.toml error reference",
		"records/b.toml error reference",
		"records/b.toml error status", // published with an error
		"records/b.toml warning reference",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("findings\n%s\nwant %v", describe(fs), want)
	}
	if !strings.Contains(fs[0].Message, "records/b.toml") || !strings.Contains(fs[1].Message, "records/a.toml") {
		t.Errorf("duplicate findings do not name the other record:\n%s", describe(fs))
	}
	if fs[1].Reference != b.Reference {
		t.Errorf("reference %q, want %q", fs[1].Reference, b.Reference)
	}
}

func TestLintRegisterNamesEveryOtherDuplicate(t *testing.T) {
	recs := []NamedRecord{{"records/x.toml", validRecord()}, {"records/y.toml", validRecord()}, {"records/z.toml", validRecord()}}
	fs := LintRegister(testRegister(), recs, today)
	if len(fs) != 3 {
		t.Fatalf("want one finding per record, got\n%s", describe(fs))
	}
	if !strings.Contains(fs[0].Message, "records/y.toml, records/z.toml") {
		t.Errorf("message %q does not name both others", fs[0].Message)
	}
}

func TestLintRegisterChecksRegisterContacts(t *testing.T) {
	reg := testRegister()
	reg.DPO.Email = "dpo@"
	reg.EDPS.Email = "EDPS <edps@edps.europa.eu>"
	fs := LintRegister(reg, nil, today)
	var got []string
	for _, f := range fs {
		checkWording(t, f)
		got = append(got, fmt.Sprintf("%s %s %s", f.Record, f.Severity, f.Field))
	}
	want := []string{"register.toml error dpo.email", "register.toml error edps.email"}
	if !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
	if fs := LintRegister(testRegister(), nil, today); len(fs) != 0 {
		t.Errorf("a valid register has findings:\n%s", describe(fs))
	}
}

func TestLintRegisterSkipsNilRecords(t *testing.T) {
	fs := LintRegister(testRegister(), []NamedRecord{{"records/nil.toml", nil}, {"records/a.toml", validRecord()}}, today)
	if len(fs) != 0 {
		t.Errorf("findings:\n%s", describe(fs))
	}
	if fs := LintRecord(testRegister(), "records/nil.toml", nil, today); fs != nil {
		t.Errorf("a nil record has findings: %v", fs)
	}
}

func TestFindingsSortedByRecordSeverityField(t *testing.T) {
	r := validRecord()
	for i := 0; i < 12; i++ {
		r.DataCategories = append(r.DataCategories, DataCategory{Name: fmt.Sprintf("Category %d", i), Source: SourceDataSubject})
	}
	r.Title = ""
	other := validRecord()
	other.Reference = "DPR-EC-00001"
	other.Controller.Organisation = ""
	fs := LintRegister(testRegister(), []NamedRecord{{"records/z.toml", r}, {"records/a.toml", other}}, today)

	var fields []string
	for _, f := range fs {
		fields = append(fields, f.Record+" "+string(f.Severity)+" "+f.Field)
	}
	want := []string{"records/a.toml error controller.organisation", "records/z.toml error title"}
	for i := 2; i < 14; i++ {
		want = append(want, fmt.Sprintf("records/z.toml warning data_categories[%d].retention", i))
	}
	if !slices.Equal(fields, want) {
		t.Errorf("order\n%s\nwant\n%s", strings.Join(fields, "\n"), strings.Join(want, "\n"))
	}
}

func TestCompareFieldPaths(t *testing.T) {
	ordered := []string{
		"", "data_categories", "data_categories[2].retention", "data_categories[10].name",
		"data_categories[10].retention", "data_categories[100]", "dpia.done", "transfers[0].mechanisms[2]", "transfers[0].mechanisms[11]",
	}
	for i := range ordered {
		for j := range ordered {
			got := compareFieldPaths(ordered[i], ordered[j])
			switch {
			case i < j && got >= 0, i > j && got <= 0, i == j && got != 0:
				t.Errorf("compare(%q, %q) = %d", ordered[i], ordered[j], got)
			}
		}
	}
}

func TestValidEmail(t *testing.T) {
	for addr, want := range map[string]bool{
		"data-protection-officer@ec.europa.eu": true,
		"DATA-PROTECTION-OFFICER@ec.europa.eu": true,
		"first.last+tag@example.eu":            true,
		"":                                     false,
		"plain":                                false,
		"a@b":                                  false,
		"a@.eu":                                false,
		"a@b.":                                 false,
		"a@b..eu":                              false,
		"a b@c.eu":                             false,
		"<a@b.eu>":                             false,
		"Name <a@b.eu>":                        false,
		"mailto:a@b.eu":                        false,
		"a@b.eu, c@d.eu":                       false,
		" a@b.eu":                              false,
	} {
		if got := validEmail(addr); got != want {
			t.Errorf("validEmail(%q) = %v, want %v", addr, got, want)
		}
	}
}

// BenchmarkLintRegister lints 10,000 records, the size DESIGN.md targets.
func BenchmarkLintRegister(b *testing.B) {
	recs := make([]NamedRecord, 10000)
	for i := range recs {
		r := validRecord()
		r.Reference = fmt.Sprintf("DPR-EC-%05d", i)
		if i%7 == 0 {
			r.DataCategories[0].Retention = ""
		}
		recs[i] = NamedRecord{Name: fmt.Sprintf("records/r%05d.toml", i), Record: r}
	}
	reg := testRegister()
	b.ReportAllocs()
	for b.Loop() {
		LintRegister(reg, recs, today)
	}
}
