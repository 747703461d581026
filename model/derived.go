package model

// Facts derived from a record rather than typed into it: which rights the
// notice lists, whether the Article 16 items are needed, which Article 39(3)
// triggers fire, and which DPO applies. Exports, the terminal program and
// lint all use these, so the notice and the checks never disagree.

// Right is a right of the data subject that a notice may list.
type Right string

// The rights, in the order of the Regulation.
const (
	RightAccess              Right = "access"                // Art 17
	RightRectification       Right = "rectification"         // Art 18
	RightErasure             Right = "erasure"               // Art 19
	RightRestriction         Right = "restriction"           // Art 20
	RightNotification        Right = "notification"          // Art 21
	RightPortability         Right = "portability"           // Art 22
	RightObjection           Right = "objection"             // Art 23
	RightNoAutomatedDecision Right = "no_automated_decision" // Art 24
	RightWithdrawConsent     Right = "withdraw_consent"      // Art 7(3), 15(2)(c)
	RightComplaintEDPS       Right = "complaint_edps"        // Art 63
)

// RightOptions label the rights, in the order Rights returns them.
var RightOptions = []Option{
	{string(RightAccess), "Art 17", "Access to your personal data"},
	{string(RightRectification), "Art 18", "Rectification of inaccurate or incomplete data"},
	{string(RightErasure), "Art 19", "Erasure, where applicable"},
	{string(RightRestriction), "Art 20", "Restriction of processing, where applicable"},
	{string(RightNotification), "Art 21", "Recipients told of a rectification, erasure or restriction"},
	{string(RightPortability), "Art 22", "Data portability"},
	{string(RightObjection), "Art 23", "Objection to processing"},
	{string(RightNoAutomatedDecision), "Art 24", "Not to be subject to a decision based solely on automated processing"},
	{string(RightWithdrawConsent), "Art 7(3)", "Withdrawal of consent at any time"},
	{string(RightComplaintEDPS), "Art 63", "Complaint to the European Data Protection Supervisor"},
}

// Rights returns the rights the notice lists for the record, in the order of
// the Regulation.
//
//   - Access, rectification, erasure and restriction are always listed;
//     the notice says "where applicable" for erasure and restriction
//     (Art 15(2)(b)), whose conditions depend on the facts of a request.
//   - Notification (Art 21) when data are disclosed to anyone outside the
//     institution's own staff: only then is there a recipient to tell.
//   - Portability only when the ground is consent (Art 5(1)(d) or 10(2)(a))
//     or contract (Art 5(1)(c)) and the processing is by automated means
//     (Art 22(1)); the record says the latter in automated_means.
//   - Objection only under Art 5(1)(a) (Art 23(1)).
//   - The right not to be subject to automated decisions only when such
//     decisions are used (Art 24).
//   - Withdrawal of consent only under consent (Art 7(3), 15(2)(c)).
//   - A complaint to the EDPS always (Art 63).
func Rights(r *Record) []Right {
	if r == nil {
		return nil
	}
	rights := []Right{RightAccess, RightRectification, RightErasure, RightRestriction}
	if r.discloses() {
		rights = append(rights, RightNotification)
	}
	if r.portable() {
		rights = append(rights, RightPortability)
	}
	if r.HasGround(GroundPublicTask) {
		rights = append(rights, RightObjection)
	}
	if r.AutomatedDecisions.Used {
		rights = append(rights, RightNoAutomatedDecision)
	}
	if r.basedOnConsent() {
		rights = append(rights, RightWithdrawConsent)
	}
	return append(rights, RightComplaintEDPS)
}

// discloses reports whether some recipient is not the institution's own staff.
func (r *Record) discloses() bool {
	for _, rc := range r.Recipients {
		if rc.Kind != RecipientInternal {
			return true
		}
	}
	return false
}

// portable reports whether Art 22(1)(a) and (b) both hold.
func (r *Record) portable() bool {
	return r.AutomatedMeans && (r.basedOnConsent() || r.HasGround(GroundContract))
}

// basedOnConsent reports whether the processing rests on consent, under
// Art 5(1)(d) or, for special categories, Art 10(2)(a).
func (r *Record) basedOnConsent() bool {
	return r.HasGround(GroundConsent) || r.HasSpecialGround(SpecialExplicitConsent)
}

// NeedsArticle16 reports whether some data are not obtained from the data
// subject, so that the notice must give the Article 16 items (the categories
// of data, 16(1)(d), and their source, 16(2)(e)).
func NeedsArticle16(r *Record) bool {
	if r == nil {
		return false
	}
	for _, c := range r.DataCategories {
		if c.Source == SourceThirdParty || c.Source == SourcePublic {
			return true
		}
	}
	return false
}

// Trigger is a case of Article 39(3) in which a DPIA is required.
type Trigger struct {
	Code      string
	Provision string
	Label     string
}

// The Article 39(3) triggers.
var (
	TriggerAutomatedEvaluation = Trigger{"automated_evaluation", "Art 39(3)(a)",
		"Systematic and extensive evaluation by automated means, including profiling, with decisions that have legal or similarly significant effects"}
	TriggerLargeScaleSpecial = Trigger{"large_scale_special", "Art 39(3)(b)",
		"Large-scale processing of special categories of data or of data on criminal convictions and offences"}
	TriggerPublicMonitoring = Trigger{"public_monitoring", "Art 39(3)(c)",
		"Systematic monitoring of a publicly accessible area on a large scale"}
)

// DPIATriggers returns the Article 39(3) triggers that fire for the record,
// in the order of the Article.
//
// Automated decisions "used" are those of Art 24(1): based solely on
// automated processing and producing legal or similarly significant
// effects. With profiling they are the evaluation of 39(3)(a).
func DPIATriggers(r *Record) []Trigger {
	if r == nil {
		return nil
	}
	var fired []Trigger
	if r.AutomatedDecisions.Used && r.AutomatedDecisions.Profiling {
		fired = append(fired, TriggerAutomatedEvaluation)
	}
	if r.DPIA.LargeScale && (r.UsesSpecialCategories() || r.LegalBasis.CriminalData) {
		fired = append(fired, TriggerLargeScaleSpecial)
	}
	if r.DPIA.LargeScale && r.DPIA.SystematicMonitoring {
		fired = append(fired, TriggerPublicMonitoring)
	}
	return fired
}

// EffectiveDPO returns the record's DPO when it names one, else the
// register's: most records inherit the institution's DPO.
func EffectiveDPO(reg Register, r *Record) Contact {
	if r != nil && !r.DPO.IsZero() {
		return r.DPO
	}
	return reg.DPO
}

// IsPublished reports whether the record is in the public register.
func (r *Record) IsPublished() bool { return r.Status == StatusPublished }

// IsProcessor reports whether the record is a processor's record, Art 31(2).
// A record without a kind is a controller's.
func (r *Record) IsProcessor() bool { return r.Kind == KindProcessor }

// HasGround reports whether the legal basis includes the Art 5(1) ground.
func (r *Record) HasGround(g Ground) bool {
	for _, have := range r.LegalBasis.Grounds {
		if have == g {
			return true
		}
	}
	return false
}

// HasSpecialGround reports whether the legal basis includes the Art 10(2) ground.
func (r *Record) HasSpecialGround(g SpecialCatGround) bool {
	for _, have := range r.LegalBasis.SpecialGrounds {
		if have == g {
			return true
		}
	}
	return false
}

// UsesSpecialCategories reports whether special categories of data
// (Art 10(1)) are processed: the record says so, or a data category is
// marked special.
func (r *Record) UsesSpecialCategories() bool {
	if r.LegalBasis.SpecialCategories {
		return true
	}
	for _, c := range r.DataCategories {
		if c.Special {
			return true
		}
	}
	return false
}

// ThirdCountryRecipients returns the recipients in a third country or
// international organisations: each needs a transfer under Chapter V.
func (r *Record) ThirdCountryRecipients() []Recipient {
	var out []Recipient
	for _, rc := range r.Recipients {
		if rc.Kind.NeedsTransfer() {
			out = append(out, rc)
		}
	}
	return out
}

// NeedsTransfer reports whether disclosing data to a recipient of this kind
// is a transfer under Chapter V (Art 46).
func (k RecipientKind) NeedsTransfer() bool {
	return k == RecipientThirdCountry || k == RecipientIntlOrg
}

// Article reports which Article a transfer mechanism belongs to: 47, 48 or 50.
func (m Mechanism) Article() int {
	switch m {
	case MechAdequacy:
		return 47
	case MechBindingInstrument, MechCommissionClauses, MechEDPSClauses, MechCorporateRules,
		MechAuthorisedClauses, MechAdministrativeArrangement:
		return 48
	case MechExplicitConsent, MechContractWithSubject, MechContractInInterest, MechPublicInterest,
		MechLegalClaims, MechVitalInterests, MechPublicRegister:
		return 50
	}
	return 0
}

// ExcludedForPublicPowers reports whether the mechanism is one of
// Art 50(1)(a)-(c), which do not apply in the exercise of public powers
// (Art 50(2)).
func (m Mechanism) ExcludedForPublicPowers() bool {
	return m == MechExplicitConsent || m == MechContractWithSubject || m == MechContractInInterest
}
