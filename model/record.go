// Package model holds the record of processing activities (Article 31 of
// Regulation (EU) 2018/1725), the register it belongs to, the facts derived
// from a record (rights, DPIA triggers) and the checks of lint. It is pure:
// no I/O, and it imports nothing of ropa's.
//
// Field order in these structs is the canonical key order of the TOML files
// (records/ writes them in this order), so it follows DESIGN.md. Within a
// struct, plain values come before tables, as TOML requires.
package model

import "time"

// Register is the institution that keeps the records: register.toml.
type Register struct {
	Name            string   `toml:"name" json:"name"`
	ShortName       string   `toml:"short_name" json:"short_name,omitempty"`
	Address         string   `toml:"address" json:"address,omitempty"`
	ReferencePrefix string   `toml:"reference_prefix" json:"reference_prefix,omitempty"` // e.g. "DPR-EC-"
	ReferenceDigits int      `toml:"reference_digits" json:"reference_digits,omitempty"` // zero-padding of the number, e.g. 5
	RegisterURL     string   `toml:"register_url" json:"register_url,omitempty"`
	Languages       []string `toml:"languages" json:"languages,omitempty"` // first one is the default
	DPO             Contact  `toml:"dpo" json:"dpo"`
	EDPS            Contact  `toml:"edps" json:"edps"`
	// Translations give the texts above in the other languages of the
	// documents; In applies them. Left out of JSON: an export in one
	// language carries the register as In returns it.
	Translations []RegisterTranslation `toml:"translations" json:"-"`
}

// Contact is a person, function or body that can be reached.
type Contact struct {
	Name    string `toml:"name" json:"name,omitempty" public:"true"`
	Email   string `toml:"email" json:"email,omitempty" public:"true"`
	Phone   string `toml:"phone" json:"phone,omitempty" public:"true"`
	Address string `toml:"address" json:"address,omitempty" public:"true"`
	URL     string `toml:"url" json:"url,omitempty" public:"true"`
}

// IsZero reports whether no part of the contact is set.
func (c Contact) IsZero() bool { return c == Contact{} }

// Record is one processing operation: one file records/<slug>.toml.
//
// The struct tag `public:"true"` marks what the central register publishes
// (Article 31(5); the EDPS template's header and Part 1). Fields without it
// are internal (Part 2) and appear only in the full record (Article 31(4)).
type Record struct {
	// Identity: 31(1), 31(5).
	Title       string    `toml:"title" json:"title" public:"true"`
	Reference   string    `toml:"reference" json:"reference,omitempty" public:"true"` // assigned by the DPO; empty while a draft
	Version     int       `toml:"version" json:"version,omitempty" public:"true"`
	Language    string    `toml:"language" json:"language,omitempty" public:"true"` // language of the record's own text: en, fr, de, nl, …
	Kind        Kind      `toml:"kind" json:"kind,omitempty" public:"true"`
	Status      Status    `toml:"status" json:"status,omitempty" public:"true"`
	LastUpdated time.Time `toml:"last_updated" json:"last_updated,omitzero" public:"true"`
	NoticeDate  time.Time `toml:"notice_date" json:"notice_date,omitzero" public:"true"`
	NextReview  time.Time `toml:"next_review" json:"next_review,omitzero"` // Art 26(1): reviewed and updated where necessary

	// Purposes: 31(1)(b), 15(1)(c).
	Description string   `toml:"description" json:"description,omitempty" public:"true"` // how the operation works, in plain words
	Purposes    []string `toml:"purposes" json:"purposes,omitempty" public:"true"`
	// AutomatedMeans: the processing is carried out by automated means (an
	// IT system, a database, e-mail), not only on paper. With a consent or
	// contract ground it brings the right to data portability, Art 22(1)(b).
	AutomatedMeans bool `toml:"automated_means" json:"automated_means,omitempty" public:"true"`

	// Internal compliance notes (EDPS template Part 2). Hand-written TOML
	// comments cannot survive canonical formatting; this field is where such
	// notes belong.
	Notes string `toml:"notes" json:"notes,omitempty"`

	// Controller: 31(1)(a), 15(1)(a).
	Controller Controller `toml:"controller" json:"controller" public:"true"`
	// DPO: 31(1)(a), 15(1)(b); inherited from register.toml when empty.
	DPO Contact `toml:"dpo" json:"dpo,omitzero" public:"true"`

	// Legal basis: 5, 10, 11, 15(1)(c).
	LegalBasis LegalBasis `toml:"legal_basis" json:"legal_basis" public:"true"`

	// Data subjects and personal data: 31(1)(c), 31(1)(f), 15(2), 16.
	DataSubjects   []DataSubject  `toml:"data_subjects" json:"data_subjects,omitempty" public:"true"`
	DataCategories []DataCategory `toml:"data_categories" json:"data_categories,omitempty" public:"true"`

	// Recipients and transfers: 31(1)(d), 31(1)(e), 15(1)(d)-(f), 46-50.
	Recipients []Recipient `toml:"recipients" json:"recipients,omitempty" public:"true"`
	Transfers  []Transfer  `toml:"transfers" json:"transfers,omitempty" public:"true"`

	// Security: 31(1)(g), 33.
	Security Security `toml:"security" json:"security" public:"true"`

	// Automated decision-making: 24, 15(2)(f).
	AutomatedDecisions AutomatedDecisions `toml:"automated_decisions" json:"automated_decisions" public:"true"`

	// Provision of data: 15(2)(e).
	Provision Provision `toml:"provision" json:"provision" public:"true"`

	// RightsInfo: how the data subjects exercise their rights where the
	// notice's standard text is not enough (whom else to contact, time
	// limits, the national supervisory authority), 14(1)-(2), 15(2)(b).
	RightsInfo string `toml:"rights_info" json:"rights_info,omitempty" public:"true"`

	// Restrictions under internal rules: 25.
	Restrictions Restrictions `toml:"restrictions" json:"restrictions" public:"true"`

	// DPIA: 39, 40. Internal.
	DPIA DPIA `toml:"dpia" json:"dpia"`

	// Joint controllers: 31(1)(a), 28.
	JointControllers []JointController `toml:"joint_controllers" json:"joint_controllers,omitempty" public:"true"`
	// Processors: 31(1)(a), 29.
	Processors []Processor `toml:"processors" json:"processors,omitempty" public:"true"`
	// For Kind == KindProcessor: the controllers served, 31(2).
	ProcessingOnBehalf []ServedController `toml:"processing_on_behalf" json:"processing_on_behalf,omitempty" public:"true"`
}

// Kind says whether the institution is the controller or a processor.
type Kind string

const (
	KindController Kind = "controller" // Art 31(1)
	KindProcessor  Kind = "processor"  // Art 31(2)
)

// Status is the record's place in the review workflow.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusApproved  Status = "approved"
	StatusPublished Status = "published"
	StatusRetired   Status = "retired"
)

// Statuses lists the workflow in order.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusApproved, StatusPublished, StatusRetired}

// Controller is the organisational entity responsible, 31(1)(a).
type Controller struct {
	Organisation string `toml:"organisation" json:"organisation,omitempty" public:"true"` // "European Commission"
	Unit         string `toml:"unit" json:"unit,omitempty" public:"true"`                 // "DG HOME, Unit C.2"
	Email        string `toml:"email" json:"email,omitempty" public:"true"`
	Address      string `toml:"address" json:"address,omitempty" public:"true"`
}

// LegalBasis holds the grounds of Article 5(1) and the rules for special
// categories (Art 10) and criminal data (Art 11).
type LegalBasis struct {
	Grounds  []Ground `toml:"grounds" json:"grounds,omitempty" public:"true"`
	UnionLaw string   `toml:"union_law" json:"union_law,omitempty" public:"true"` // Art 5(2): required for 5(1)(a) and (b)
	// Consent: how it is collected and can be withdrawn (Art 7, 15(2)(c)).
	ConsentDetails string `toml:"consent_details" json:"consent_details,omitempty" public:"true"`

	SpecialCategories  bool               `toml:"special_categories" json:"special_categories,omitempty" public:"true"` // Art 10(1)
	SpecialGrounds     []SpecialCatGround `toml:"special_grounds" json:"special_grounds,omitempty" public:"true"`       // Art 10(2)
	SpecialExplanation string             `toml:"special_explanation" json:"special_explanation,omitempty" public:"true"`
	CriminalData       bool               `toml:"criminal_data" json:"criminal_data,omitempty" public:"true"`             // Art 11
	CriminalDataBasis  string             `toml:"criminal_data_basis" json:"criminal_data_basis,omitempty" public:"true"` // the Union law authorising it
	Analysis           string             `toml:"analysis" json:"analysis,omitempty"`                                     // internal: necessity and proportionality
}

// Ground is a lawfulness ground of Article 5(1).
type Ground string

const (
	GroundPublicTask      Ground = "public_task"      // 5(1)(a)
	GroundLegalObligation Ground = "legal_obligation" // 5(1)(b)
	GroundContract        Ground = "contract"         // 5(1)(c)
	GroundConsent         Ground = "consent"          // 5(1)(d)
	GroundVitalInterests  Ground = "vital_interests"  // 5(1)(e)
)

// SpecialCatGround is a ground of Article 10(2) for special categories.
type SpecialCatGround string

const (
	SpecialExplicitConsent     SpecialCatGround = "explicit_consent"            // 10(2)(a)
	SpecialEmploymentLaw       SpecialCatGround = "employment_social_security"  // 10(2)(b)
	SpecialVitalInterests      SpecialCatGround = "vital_interests"             // 10(2)(c)
	SpecialNotForProfit        SpecialCatGround = "not_for_profit_body"         // 10(2)(d)
	SpecialMadePublic          SpecialCatGround = "made_public"                 // 10(2)(e)
	SpecialLegalClaims         SpecialCatGround = "legal_claims"                // 10(2)(f)
	SpecialSubstantialInterest SpecialCatGround = "substantial_public_interest" // 10(2)(g)
	SpecialHealthCare          SpecialCatGround = "health_care"                 // 10(2)(h)
	SpecialPublicHealth        SpecialCatGround = "public_health"               // 10(2)(i)
	SpecialArchivingResearch   SpecialCatGround = "archiving_research"          // 10(2)(j)
)

// DataSubject is a category of persons whose data are processed, 31(1)(c).
type DataSubject struct {
	Name        string `toml:"name" json:"name" public:"true"`
	Description string `toml:"description" json:"description,omitempty" public:"true"`
}

// DataCategory is a category of personal data, 31(1)(c), with its
// retention, 31(1)(f), and its source, 16(2)(e).
type DataCategory struct {
	Name         string     `toml:"name" json:"name" public:"true"`
	Items        []string   `toml:"items" json:"items,omitempty" public:"true"`
	Mandatory    bool       `toml:"mandatory" json:"mandatory,omitempty" public:"true"`
	Special      bool       `toml:"special" json:"special,omitempty" public:"true"` // an Art 10(1) category
	Source       DataSource `toml:"source" json:"source,omitempty" public:"true"`
	SourceDetail string     `toml:"source_detail" json:"source_detail,omitempty" public:"true"` // who or where, when not the data subject
	Retention    string     `toml:"retention" json:"retention,omitempty" public:"true"`         // time limit for erasure, or the criteria
}

// DataSource says where a data category comes from.
type DataSource string

const (
	SourceDataSubject DataSource = "data_subject" // collected from the person
	SourceThirdParty  DataSource = "third_party"  // from another person or body: Art 16 applies
	SourcePublic      DataSource = "public"       // from publicly accessible sources: Art 16 applies
	SourceGenerated   DataSource = "generated"    // produced by the system from the person's use of it (logs)
)

// Recipient is a recipient or category of recipients, 31(1)(d).
type Recipient struct {
	Name        string        `toml:"name" json:"name" public:"true"`
	Kind        RecipientKind `toml:"kind" json:"kind,omitempty" public:"true"`
	Country     string        `toml:"country" json:"country,omitempty" public:"true"` // ISO 3166 alpha-2 or a name, for third_country
	Description string        `toml:"description" json:"description,omitempty" public:"true"`
}

// RecipientKind classifies recipients.
type RecipientKind string

const (
	RecipientInternal      RecipientKind = "internal"                   // staff of the institution
	RecipientEUInstitution RecipientKind = "eu_institution"             // another Union institution or body
	RecipientMemberState   RecipientKind = "member_state"               // a Member State authority
	RecipientThirdCountry  RecipientKind = "third_country"              // outside the EU/EEA: needs a transfer
	RecipientIntlOrg       RecipientKind = "international_organisation" // needs a transfer
	RecipientProcessor     RecipientKind = "processor"                  // a contractor processing on our behalf
	RecipientPublic        RecipientKind = "public"                     // published to anyone
)

// Transfer is a transfer to a third country or an international
// organisation, 31(1)(e), with its mechanism under Chapter V.
type Transfer struct {
	Recipient                 string      `toml:"recipient" json:"recipient" public:"true"`
	Country                   string      `toml:"country" json:"country,omitempty" public:"true"`
	InternationalOrganisation string      `toml:"international_organisation" json:"international_organisation,omitempty" public:"true"`
	Mechanisms                []Mechanism `toml:"mechanisms" json:"mechanisms,omitempty" public:"true"`
	// Safeguards documents the safeguards, 31(1)(e) (Art 48), or for an
	// Art 50 derogation the conditions relied on (for example how explicit
	// consent to the transfer is obtained).
	Safeguards string `toml:"safeguards" json:"safeguards,omitempty" public:"true"`
	// PublicPowers: the transfer is part of activities in the exercise of
	// public powers, where Art 50(1)(a)-(c) do not apply (Art 50(2)).
	PublicPowers bool `toml:"public_powers" json:"public_powers,omitempty"`
}

// Mechanism is the Chapter V basis of a transfer.
type Mechanism string

const (
	MechAdequacy                  Mechanism = "adequacy"                   // 47
	MechBindingInstrument         Mechanism = "binding_instrument"         // 48(2)(a)
	MechCommissionClauses         Mechanism = "commission_clauses"         // 48(2)(b)
	MechEDPSClauses               Mechanism = "edps_clauses"               // 48(2)(c)
	MechCorporateRules            Mechanism = "corporate_rules"            // 48(2)(d)
	MechAuthorisedClauses         Mechanism = "authorised_clauses"         // 48(3)(a)
	MechAdministrativeArrangement Mechanism = "administrative_arrangement" // 48(3)(b)
	MechExplicitConsent           Mechanism = "explicit_consent"           // 50(1)(a)
	MechContractWithSubject       Mechanism = "contract_with_data_subject" // 50(1)(b)
	MechContractInInterest        Mechanism = "contract_in_interest"       // 50(1)(c)
	MechPublicInterest            Mechanism = "public_interest"            // 50(1)(d)
	MechLegalClaims               Mechanism = "legal_claims"               // 50(1)(e)
	MechVitalInterests            Mechanism = "vital_interests"            // 50(1)(f)
	MechPublicRegister            Mechanism = "public_register"            // 50(1)(g)
)

// Security describes the technical and organisational measures, 31(1)(g).
type Security struct {
	Description string            `toml:"description" json:"description,omitempty" public:"true"`
	Measures    []SecurityMeasure `toml:"measures" json:"measures,omitempty" public:"true"`
}

// SecurityMeasure is an item of the security checklist.
type SecurityMeasure string

const (
	MeasureEncryption       SecurityMeasure = "encryption"
	MeasurePseudonymisation SecurityMeasure = "pseudonymisation"
	MeasureAccessControl    SecurityMeasure = "access_control"
	MeasureLogging          SecurityMeasure = "logging"
	MeasureBackup           SecurityMeasure = "backup"
	MeasureSecureTransfer   SecurityMeasure = "secure_transfer"
	MeasureConfidentiality  SecurityMeasure = "confidentiality"
	MeasureTraining         SecurityMeasure = "training"
	MeasurePhysical         SecurityMeasure = "physical_security"
	MeasureIncidentResponse SecurityMeasure = "incident_response"
	MeasureDataMinimisation SecurityMeasure = "data_minimisation"
)

// AutomatedDecisions covers Article 24 and 15(2)(f).
type AutomatedDecisions struct {
	Used         bool   `toml:"used" json:"used,omitempty" public:"true"`
	Profiling    bool   `toml:"profiling" json:"profiling,omitempty" public:"true"`
	Logic        string `toml:"logic" json:"logic,omitempty" public:"true"`               // meaningful information about the logic involved
	Consequences string `toml:"consequences" json:"consequences,omitempty" public:"true"` // significance and envisaged consequences
}

// Provision says whether giving the data is required, 15(2)(e).
type Provision struct {
	Requirement  ProvisionRequirement `toml:"requirement" json:"requirement,omitempty" public:"true"`
	Obliged      bool                 `toml:"obliged" json:"obliged,omitempty" public:"true"`
	Consequences string               `toml:"consequences" json:"consequences,omitempty" public:"true"` // of not providing the data
}

// ProvisionRequirement is the nature of the requirement to provide data.
type ProvisionRequirement string

const (
	ProvisionNone         ProvisionRequirement = "none"         // not required by law or contract
	ProvisionStatutory    ProvisionRequirement = "statutory"    // required by law
	ProvisionContractual  ProvisionRequirement = "contractual"  // required by a contract
	ProvisionPrecondition ProvisionRequirement = "precondition" // needed to enter into a contract
)

// Restrictions of rights under internal rules, Article 25.
type Restrictions struct {
	Apply bool   `toml:"apply" json:"apply,omitempty" public:"true"`
	Rules string `toml:"rules" json:"rules,omitempty" public:"true"` // the internal rules (decision, OJ reference) and what they restrict
}

// DPIA is the data protection impact assessment, Articles 39 and 40.
// The screening flags feed the Article 39(3) triggers (see DPIATriggers).
type DPIA struct {
	LargeScale           bool   `toml:"large_scale" json:"large_scale,omitempty"`                     // 39(3)(b)
	SystematicMonitoring bool   `toml:"systematic_monitoring" json:"systematic_monitoring,omitempty"` // 39(3)(c): publicly accessible area
	Required             bool   `toml:"required" json:"required,omitempty"`
	Done                 bool   `toml:"done" json:"done,omitempty"`
	Reference            string `toml:"reference" json:"reference,omitempty"`
	HighResidualRisk     bool   `toml:"high_residual_risk" json:"high_residual_risk,omitempty"` // the DPIA finds a high risk that cannot be mitigated: Art 40(1)
	PriorConsultation    bool   `toml:"prior_consultation" json:"prior_consultation,omitempty"` // Art 40
	Notes                string `toml:"notes" json:"notes,omitempty"`
}

// JointController is a joint controller and the essence of the arrangement, Article 28.
type JointController struct {
	Name        string `toml:"name" json:"name" public:"true"`
	Contact     string `toml:"contact" json:"contact,omitempty" public:"true"`
	Arrangement string `toml:"arrangement" json:"arrangement,omitempty" public:"true"` // essence of the arrangement, 28(2)
}

// Processor is a processor acting on the controller's behalf, Article 29.
type Processor struct {
	Name     string `toml:"name" json:"name" public:"true"`
	Contact  string `toml:"contact" json:"contact,omitempty" public:"true"`
	Service  string `toml:"service" json:"service,omitempty" public:"true"`
	Location string `toml:"location" json:"location,omitempty" public:"true"`
	Contract string `toml:"contract" json:"contract,omitempty"` // contract reference, 29(3); internal
}

// ServedController is a controller on whose behalf a processor acts, 31(2).
type ServedController struct {
	Controller string   `toml:"controller" json:"controller" public:"true"`
	Contact    string   `toml:"contact" json:"contact,omitempty" public:"true"`
	Categories []string `toml:"categories" json:"categories,omitempty" public:"true"` // categories of processing carried out, 31(2)(b)
}
