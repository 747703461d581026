package model

import (
	"fmt"
	"strings"
	"time"
)

// The checks of one record. Each names the field as a TOML path, the
// provision it serves, and a fix in plain words; DESIGN.md ("Checks") and
// the report of issue 2 list them.

// checker collects the findings of one record.
type checker struct {
	reg   Register
	r     *Record
	today time.Time
	out   []Finding
}

func (c *checker) add(sev Severity, field, provision, message, fix string) {
	c.out = append(c.out, Finding{Field: field, Provision: provision, Severity: sev, Message: message, Fix: fix})
}

func (c *checker) error(field, provision, message, fix string) {
	c.add(SeverityError, field, provision, message, fix)
}

func (c *checker) warn(field, provision, message, fix string) {
	c.add(SeverityWarning, field, provision, message, fix)
}

// checkRecord runs every single-record check. A processor's record
// (Art 31(2)) is held to the processor's items instead of the controller's.
func checkRecord(reg Register, r *Record, today time.Time) []Finding {
	c := &checker{reg: reg, r: r, today: today}
	c.identity()
	c.workflow()
	c.contacts()
	if r.IsProcessor() {
		c.processorItems()
	} else {
		c.controllerItems()
		c.legalBasis()
		c.dataCategories()
		c.automatedDecisions()
		c.provisionOfData()
		c.restrictions()
		c.dpia()
		c.jointControllers()
	}
	c.transfers()
	c.processors()
	c.security()
	return c.out
}

func (c *checker) identity() {
	r := c.r
	if blank(r.Title) {
		c.error("title", "Art 31(1)", "The record has no title.",
			`Give the processing operation a short name that people outside your unit will recognise, e.g. "Staff newsletter".`)
	}
	if r.Kind != "" && !knownCode(KindOptions, string(r.Kind)) {
		c.error("kind", "Art 31", fmt.Sprintf("The kind %q is not one ropa knows.", r.Kind),
			`Write "controller" if your institution decides why and how the data are processed (Art 31(1)), or "processor" if it processes them on behalf of another controller (Art 31(2)).`)
	}
	if r.Status != "" && !knownCode(StatusOptions, string(r.Status)) {
		c.error("status", "Art 31(5)", fmt.Sprintf("The status %q is not one ropa knows.", r.Status),
			"Use one of "+codes(StatusOptions)+".")
	}
	if r.Language != "" && len(c.reg.Languages) > 0 && !containsFold(c.reg.Languages, r.Language) {
		c.warn("language", "Art 14(1)",
			fmt.Sprintf("The record is written in %q, which is not one of the register's languages (%s).", r.Language, strings.Join(c.reg.Languages, ", ")),
			"Set language to the language the record's text is written in; if that is right, add it to languages in register.toml.")
	}
}

func (c *checker) workflow() {
	r := c.r
	if blank(r.Reference) && (r.Status == StatusApproved || r.Status == StatusPublished) {
		c.error("reference", "Art 31(5)", fmt.Sprintf("The record is %s but has no reference.", r.Status),
			"Ask the DPO for the record's reference in the register (e.g. DPR-EC-00932) and fill it in, or set status back to \"submitted\".")
	}
	if !blank(r.Reference) && c.reg.ReferencePrefix != "" && !c.referenceFits(r.Reference) {
		c.warn("reference", "Art 31(5)",
			fmt.Sprintf("The reference %q does not follow the register's pattern (%q followed by %s, e.g. %s).",
				r.Reference, c.reg.ReferencePrefix, c.digitsWanted(), c.exampleReference()),
			"Check the reference with the DPO and correct it.")
	}
	// A processor publishes no notice: Articles 15 and 16 bind the controller.
	if r.IsPublished() && !r.IsProcessor() && r.NoticeDate.IsZero() {
		c.error("notice_date", "Art 15, 16", "The record is published but does not say the date of its data protection notice.",
			"Fill in the date of the current data protection notice (notice_date), e.g. 2019-07-10.")
	}
	// A retired operation has ended: there is nothing left to review.
	if !r.NextReview.IsZero() && r.Status != StatusRetired && dateBefore(r.NextReview, c.today) {
		c.warn("next_review", "Art 26(1)",
			fmt.Sprintf("The review planned for %s has not been done: measures must be reviewed and updated where necessary.", r.NextReview.Format(time.DateOnly)),
			"Review the record with the people who run the operation, update what has changed, and set next_review to the date of the next review.")
	}
	if !r.LastUpdated.IsZero() && dateBefore(c.today, r.LastUpdated) {
		c.warn("last_updated", "Art 31(5)",
			fmt.Sprintf("The date of last update, %s, is in the future.", r.LastUpdated.Format(time.DateOnly)),
			"Set last_updated to the date the record was last changed.")
	}
}

// referenceFits reports whether a reference is the register's prefix
// followed by digits (as many as reference_digits, when set).
func (c *checker) referenceFits(ref string) bool {
	digits, ok := strings.CutPrefix(ref, c.reg.ReferencePrefix)
	if !ok || digits == "" {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return false
		}
	}
	return c.reg.ReferenceDigits <= 0 || len(digits) == c.reg.ReferenceDigits
}

func (c *checker) digitsWanted() string {
	if c.reg.ReferenceDigits > 0 {
		return fmt.Sprintf("%d digits", c.reg.ReferenceDigits)
	}
	return "digits"
}

func (c *checker) exampleReference() string {
	n := c.reg.ReferenceDigits
	if n <= 0 {
		n = 5
	}
	return fmt.Sprintf("%s%0*d", c.reg.ReferencePrefix, n, 42)
}

func (c *checker) contacts() {
	r := c.r
	who := "Art 31(1)(a)"
	if r.IsProcessor() {
		who = "Art 31(2)(a)"
	}
	if blank(r.Controller.Organisation) {
		c.error("controller.organisation", who, "The record does not say which institution is responsible.",
			`Fill in the institution, e.g. "European Commission", and the unit, e.g. "DG HOME, Unit C.2".`)
	}
	if blank(r.Controller.Email) && blank(r.Controller.Address) {
		c.error("controller.email", who, "The record gives no way to contact the responsible unit.",
			"Fill in the unit's functional mailbox (preferred to a personal address) or its postal address.")
	}
	if r.Controller.Email != "" && !validEmail(r.Controller.Email) {
		c.error("controller.email", who, fmt.Sprintf("The unit's e-mail address %q is not a valid address.", r.Controller.Email),
			"Write one plain address such as home-unit-c2@example.europa.eu, without a name, brackets or \"mailto:\".")
	}
	if r.DPO.Email != "" && !validEmail(r.DPO.Email) {
		c.error("dpo.email", who, fmt.Sprintf("The DPO's e-mail address %q is not a valid address.", r.DPO.Email),
			"Write one plain address such as data-protection-officer@example.europa.eu, without a name, brackets or \"mailto:\".")
	}
	if dpo := EffectiveDPO(c.reg, r); blank(dpo.Email) && blank(dpo.Phone) && blank(dpo.Address) && blank(dpo.URL) {
		c.error("dpo", who, "Neither this record nor register.toml gives the contact details of the data protection officer.",
			"Fill in the DPO's e-mail address under [dpo] in register.toml (every record uses it), or under [dpo] in this record if it has its own DPO.")
	}
}

// controllerItems checks the items of Art 31(1)(b)-(d) that every
// controller's record must give.
func (c *checker) controllerItems() {
	r := c.r
	if filled := countFilled(r.Purposes); filled == 0 {
		c.error("purposes", "Art 31(1)(b)", "The record does not say what the processing is for.",
			`List each purpose in a few words, e.g. "to manage user accounts of the platform".`)
	} else {
		for i, p := range r.Purposes {
			if blank(p) {
				c.warn(fmt.Sprintf("purposes[%d]", i), "Art 31(1)(b)", "One of the purposes is empty.", "Remove the empty purpose.")
			}
		}
	}

	if len(r.DataSubjects) == 0 {
		c.error("data_subjects", "Art 31(1)(c)", "The record does not say whose data are processed.",
			`Add each group of people concerned, e.g. "staff of national authorities" or "applicants".`)
	}
	for i, s := range r.DataSubjects {
		if blank(s.Name) {
			c.error(fmt.Sprintf("data_subjects[%d].name", i), "Art 31(1)(c)", fmt.Sprintf("Group of people no. %d has no name.", i+1),
				"Name the group, e.g. \"external experts\", or remove it.")
		}
	}

	if len(r.DataCategories) == 0 {
		c.error("data_categories", "Art 31(1)(c)", "The record does not say which personal data are processed.",
			`Add each category of data, e.g. "identification data" with its items (name, e-mail address), where the data come from and how long they are kept.`)
	}
	for i, d := range r.DataCategories {
		if blank(d.Name) {
			c.error(fmt.Sprintf("data_categories[%d].name", i), "Art 31(1)(c)", fmt.Sprintf("Data category no. %d has no name.", i+1),
				"Name the category, e.g. \"contact data\", or remove it.")
		}
	}

	if len(r.Recipients) == 0 {
		c.error("recipients", "Art 31(1)(d)", "The record does not say who has access to the data.",
			`Add every recipient. Even when the data go nowhere else, the staff who handle them are recipients: add them with kind "internal", e.g. "authorised staff of Unit C.2".`)
	}
	for i, rc := range r.Recipients {
		field := fmt.Sprintf("recipients[%d]", i)
		if blank(rc.Name) {
			c.error(field+".name", "Art 31(1)(d)", fmt.Sprintf("Recipient no. %d has no name.", i+1),
				"Name the recipient or category of recipients, e.g. \"national contact points\", or remove it.")
		}
		switch {
		case rc.Kind == "":
			c.warn(field+".kind", "Art 31(1)(d)", fmt.Sprintf("The record does not say what kind of recipient %q is.", rc.Name),
				"Set kind to one of "+codes(RecipientKindOptions)+": ropa uses it to tell whether a transfer outside the EU needs documenting.")
		case !knownCode(RecipientKindOptions, string(rc.Kind)):
			c.error(field+".kind", "Art 31(1)(d)", fmt.Sprintf("The recipient kind %q is not one ropa knows.", rc.Kind),
				"Use one of "+codes(RecipientKindOptions)+".")
		}
	}

	if len(r.ProcessingOnBehalf) > 0 {
		c.warn("processing_on_behalf", "Art 31(2)",
			"The record lists controllers served, which only a processor's record does, but its kind is \"controller\".",
			`If your institution processes these data on behalf of another controller, set kind = "processor"; otherwise remove processing_on_behalf.`)
	}
}

// processorItems checks the items of Art 31(2)(a)-(b).
func (c *checker) processorItems() {
	r := c.r
	if len(r.ProcessingOnBehalf) == 0 {
		c.error("processing_on_behalf", "Art 31(2)(a)", "This processor's record does not say on whose behalf the processing is carried out.",
			"Add each controller you act for, with its contact details and the categories of processing you carry out for it.")
	}
	for i, sc := range r.ProcessingOnBehalf {
		field := fmt.Sprintf("processing_on_behalf[%d]", i)
		if blank(sc.Controller) {
			c.error(field+".controller", "Art 31(2)(a)", fmt.Sprintf("Controller no. %d served has no name.", i+1),
				"Name the controller, e.g. \"European Commission, DG HR\".")
		}
		if blank(sc.Contact) {
			c.error(field+".contact", "Art 31(2)(a)", fmt.Sprintf("The record gives no contact details for the controller %q.", sc.Controller),
				"Fill in the controller's functional mailbox or postal address.")
		}
		if countFilled(sc.Categories) == 0 {
			c.error(field+".categories", "Art 31(2)(b)", fmt.Sprintf("The record does not say what processing is carried out for %q.", sc.Controller),
				`List the categories of processing, e.g. "hosting of the application", "user support".`)
		}
	}
}

func (c *checker) legalBasis() {
	r, lb := c.r, c.r.LegalBasis
	if len(lb.Grounds) == 0 {
		c.error("legal_basis.grounds", "Art 5(1)", "The record does not say on which legal ground the data are processed.",
			`Choose at least one ground of Art 5(1); for most tasks of an institution it is "public_task" (a task in the public interest), with the Union law that gives the task.`)
	}
	for i, g := range lb.Grounds {
		if !knownCode(GroundOptions, string(g)) {
			c.error(fmt.Sprintf("legal_basis.grounds[%d]", i), "Art 5(1)", fmt.Sprintf("The legal ground %q is not one ropa knows.", g),
				"Use one of "+codes(GroundOptions)+".")
		}
	}
	if (r.HasGround(GroundPublicTask) || r.HasGround(GroundLegalObligation)) && blank(lb.UnionLaw) {
		what := "a task in the public interest (Art 5(1)(a))"
		if !r.HasGround(GroundPublicTask) {
			what = "a legal obligation (Art 5(1)(b))"
		}
		c.error("legal_basis.union_law", "Art 5(2)",
			fmt.Sprintf("The processing rests on %s, but the record does not name the Union law that lays it down.", what),
			`Fill in the Union law, with its article, e.g. "Council Decision 2008/381/EC, Article 2(1)(e)".`)
	}
	if r.basedOnConsent() && blank(lb.ConsentDetails) {
		c.warn("legal_basis.consent_details", "Art 7(3)",
			"The processing rests on consent, but the record does not say how consent is given and how it can be withdrawn.",
			`Describe both, e.g. "users tick a box when they register; they can withdraw by writing to the functional mailbox, and their account is then deleted".`)
	}

	special := r.UsesSpecialCategories()
	if special && len(lb.SpecialGrounds) == 0 {
		c.error("legal_basis.special_grounds", "Art 10(2)",
			"Special categories of data (health, ethnic origin, political opinions, beliefs, trade union membership, genetic or biometric data, sex life) are processed, but the record gives no exception of Art 10(2) that allows it.",
			"Choose the exception of Art 10(2) that applies, e.g. \"employment_social_security\" or \"explicit_consent\". If no exception applies, these data must not be processed.")
	}
	if !special && len(lb.SpecialGrounds) > 0 {
		c.warn("legal_basis.special_grounds", "Art 10(2)",
			"The record gives an exception for special categories of data, but says no such data are processed.",
			"If special categories are processed, set special_categories = true (and mark the data category special); otherwise remove the exception.")
	}
	for i, g := range lb.SpecialGrounds {
		if !knownCode(SpecialGroundOptions, string(g)) {
			c.error(fmt.Sprintf("legal_basis.special_grounds[%d]", i), "Art 10(2)", fmt.Sprintf("The exception %q is not one ropa knows.", g),
				"Use one of "+codes(SpecialGroundOptions)+".")
		}
	}
	if !lb.SpecialCategories && special {
		c.warn("legal_basis.special_categories", "Art 10(1)",
			"A data category is marked special, but the legal basis does not say that special categories are processed.",
			"Set special_categories = true under [legal_basis], so that the notice says so.")
	}
	if lb.CriminalData && blank(lb.CriminalDataBasis) {
		c.error("legal_basis.criminal_data_basis", "Art 11",
			"Data on criminal convictions and offences are processed, but the record does not name the Union law that authorises it.",
			"Fill in the Union law that authorises the processing and provides safeguards (or state that it happens under the control of official authority).")
	}

	// automated_means is typed, not guessed; but a checklist that only an IT
	// system has suggests the box was forgotten, and then the notice would
	// leave out data portability.
	if !r.AutomatedMeans && (r.basedOnConsent() || r.HasGround(GroundContract)) && c.hasITMeasure() {
		c.warn("automated_means", "Art 22(1)(b)",
			"The processing rests on consent or a contract and its security measures suggest an IT system, but the record does not say that the processing is by automated means.",
			"If the data are processed in an IT system (a database, an application, e-mail), set automated_means = true: the notice then lists the right to data portability.")
	}
}

// hasITMeasure reports whether the security checklist holds a measure that
// only makes sense for data processed electronically.
func (c *checker) hasITMeasure() bool {
	for _, m := range c.r.Security.Measures {
		switch m {
		case MeasureEncryption, MeasurePseudonymisation, MeasureLogging, MeasureBackup, MeasureSecureTransfer:
			return true
		}
	}
	return false
}

func (c *checker) dataCategories() {
	for i, d := range c.r.DataCategories {
		field := fmt.Sprintf("data_categories[%d]", i)
		name := d.Name
		switch {
		case d.Source == "":
			c.warn(field+".source", "Art 16(2)(e)", fmt.Sprintf("The record does not say where the data %q come from.", name),
				"Set source to one of "+codes(SourceOptions)+".")
		case !knownCode(SourceOptions, string(d.Source)):
			c.error(field+".source", "Art 16(2)(e)", fmt.Sprintf("The source %q is not one ropa knows.", d.Source),
				"Use one of "+codes(SourceOptions)+".")
		case (d.Source == SourceThirdParty || d.Source == SourcePublic) && blank(d.SourceDetail):
			c.error(field+".source_detail", "Art 16(2)(e)",
				fmt.Sprintf("The data %q are not obtained from the people themselves, but the record does not say where they come from.", name),
				`Name the source, e.g. "the national authority that nominates the expert" or "the public website of the company".`)
		}
		if blank(d.Retention) {
			c.warn(field+".retention", "Art 31(1)(f)", fmt.Sprintf("The record does not say how long the data %q are kept.", name),
				`Give the time limit, e.g. "5 years after the end of the contract", or the criteria that decide it, e.g. "until the user deletes the account".`)
		}
	}
}

func (c *checker) automatedDecisions() {
	r, ad := c.r, c.r.AutomatedDecisions
	if !ad.Used {
		return
	}
	if blank(ad.Logic) {
		c.error("automated_decisions.logic", "Art 15(2)(f)",
			"Decisions are taken by automated means, but the record does not explain how they are reached.",
			"Explain in plain words the logic involved: which data are used and how they lead to the decision.")
	}
	if blank(ad.Consequences) {
		c.error("automated_decisions.consequences", "Art 15(2)(f)",
			"Decisions are taken by automated means, but the record does not say what they mean for the people concerned.",
			"Describe the significance and the expected consequences for the person, and how to obtain human review.")
	}
	if r.UsesSpecialCategories() && !r.HasSpecialGround(SpecialExplicitConsent) && !r.HasSpecialGround(SpecialSubstantialInterest) {
		c.warn("automated_decisions.used", "Art 24(4)",
			"Automated decisions may not be based on special categories of data unless the person gave explicit consent or Union law provides for it in the substantial public interest.",
			"Make sure the decisions do not use the special categories, or base that use on \"explicit_consent\" or \"substantial_public_interest\" with suitable safeguards.")
	}
}

// provisionOfData checks the Art 15(2)(e) statement, which concerns data
// collected from the people themselves.
func (c *checker) provisionOfData() {
	collected := false
	for _, d := range c.r.DataCategories {
		if d.Source == SourceDataSubject || d.Source == "" {
			collected = true
		}
	}
	if !collected {
		return
	}
	p := c.r.Provision
	switch {
	case p.Requirement == "":
		c.warn("provision.requirement", "Art 15(2)(e)",
			"The record does not say whether people are required to give their data.",
			"Set requirement to one of "+codes(ProvisionOptions)+`; "none" if giving the data is not required by law or contract.`)
	case !knownCode(ProvisionOptions, string(p.Requirement)):
		c.error("provision.requirement", "Art 15(2)(e)", fmt.Sprintf("The requirement %q is not one ropa knows.", p.Requirement),
			"Use one of "+codes(ProvisionOptions)+".")
	case p.Requirement != ProvisionNone && blank(p.Consequences):
		c.warn("provision.consequences", "Art 15(2)(e)",
			"Giving the data is required, but the record does not say what happens if a person does not give them.",
			`Describe the consequence, e.g. "the application cannot be processed".`)
	}
}

func (c *checker) restrictions() {
	if c.r.Restrictions.Apply && blank(c.r.Restrictions.Rules) {
		c.error("restrictions.rules", "Art 25",
			"The record says rights may be restricted, but does not name the internal rules that allow it.",
			"Name the internal rules adopted under Art 25 (decision and Official Journal reference) and which rights they may restrict.")
	}
}

func (c *checker) dpia() {
	r, d := c.r, c.r.DPIA
	fired := DPIATriggers(r)
	if len(fired) > 0 {
		var labels, provisions []string
		for _, t := range fired {
			labels = append(labels, strings.ToLower(t.Label[:1])+t.Label[1:])
			provisions = append(provisions, t.Provision)
		}
		why := strings.Join(labels, "; ")
		provision := strings.Join(provisions, ", ")
		if !d.Required {
			c.error("dpia.required", provision,
				fmt.Sprintf("A data protection impact assessment is required because of %s, but the record says none is.", why),
				"Set required = true under [dpia] and carry out the assessment with the advice of the DPO.")
		}
		if !d.Done {
			c.error("dpia.done", provision,
				fmt.Sprintf("A data protection impact assessment is required because of %s, and the record does not say it has been done.", why),
				"Carry out the assessment before the processing starts, with the advice of the DPO; then set done = true and give its reference.")
		}
	} else if d.Required && !d.Done && r.Status != StatusDraft && r.Status != "" {
		c.warn("dpia.done", "Art 39(1)",
			"The record says an impact assessment is required, but not that it has been done.",
			"Carry out the assessment before the processing starts; then set done = true and give its reference.")
	}
	// Art 39(3)(c) needs monitoring "on a large scale": a record that
	// monitors a public area but says it is not large scale may have
	// answered the large-scale question for special categories only.
	if d.SystematicMonitoring && !d.LargeScale && !d.Required {
		c.warn("dpia.large_scale", "Art 39(3)(c)",
			"The record says a publicly accessible area is monitored systematically, but not on a large scale, and that no impact assessment is required. Video surveillance of building entrances or public spaces is usually large scale.",
			"Check with the DPO whether the monitoring is on a large scale (many people, a wide area or a long time); if it is, set large_scale = true and carry out an impact assessment.")
	}
	if d.HighResidualRisk && !d.PriorConsultation {
		c.error("dpia.prior_consultation", "Art 40(1)",
			"The impact assessment finds a high risk that cannot be reduced by reasonable means, but the record does not say the EDPS has been consulted.",
			"Consult the EDPS, with the advice of the DPO, before the processing starts; then set prior_consultation = true.")
	}
}

func (c *checker) jointControllers() {
	for i, jc := range c.r.JointControllers {
		field := fmt.Sprintf("joint_controllers[%d]", i)
		if blank(jc.Name) {
			c.error(field+".name", "Art 31(1)(a)", fmt.Sprintf("Joint controller no. %d has no name.", i+1), "Name the joint controller, or remove it.")
		}
		if blank(jc.Arrangement) {
			c.error(field+".arrangement", "Art 28",
				fmt.Sprintf("The record does not give the essence of the arrangement with the joint controller %q.", jc.Name),
				"Summarise who does what under the arrangement, in particular who answers people exercising their rights and who gives them the notice.")
		}
		if blank(jc.Contact) {
			c.warn(field+".contact", "Art 31(1)(a)", fmt.Sprintf("The record gives no contact details for the joint controller %q.", jc.Name),
				"Fill in its functional mailbox or postal address.")
		}
	}
}

func (c *checker) processors() {
	contract := "Art 29(3)"
	if c.r.IsProcessor() {
		contract = "Art 29(4)" // a processor's own sub-processors
	}
	for i, p := range c.r.Processors {
		field := fmt.Sprintf("processors[%d]", i)
		if blank(p.Name) {
			c.error(field+".name", "Art 31(1)(a)", fmt.Sprintf("Processor no. %d has no name.", i+1), "Name the contractor or body, or remove it.")
		}
		if blank(p.Contract) {
			c.error(field+".contract", contract,
				fmt.Sprintf("The record does not name the contract that binds the processor %q.", p.Name),
				"Give the reference of the contract or other legal act that sets out what the processor may do with the data.")
		}
		if blank(p.Service) {
			c.warn(field+".service", contract, fmt.Sprintf("The record does not say what the processor %q does with the data.", p.Name),
				`Describe the service in a few words, e.g. "hosting and maintenance of the platform".`)
		}
		if blank(p.Contact) {
			c.warn(field+".contact", "Art 31(1)(a)", fmt.Sprintf("The record gives no contact details for the processor %q.", p.Name),
				"Fill in its contact address or mailbox.")
		}
	}
}

// transfers checks Chapter V: that every recipient outside the EU has a
// transfer, and that every transfer has its country and its mechanism.
func (c *checker) transfers() {
	r := c.r
	for i, rc := range r.Recipients {
		if rc.Kind.NeedsTransfer() && !c.hasTransferTo(rc.Name) {
			c.error(fmt.Sprintf("recipients[%d]", i), "Art 31(1)(e)",
				fmt.Sprintf("The recipient %q is in a third country or is an international organisation, but no transfer names it.", rc.Name),
				fmt.Sprintf("Add a transfer with recipient = %q, its country or organisation, and the mechanism that allows it (an adequacy decision, appropriate safeguards or a derogation).", rc.Name))
		}
	}
	publicTask := r.HasGround(GroundPublicTask)
	for i, t := range r.Transfers {
		field := fmt.Sprintf("transfers[%d]", i)
		name := t.Recipient
		if blank(name) {
			c.error(field+".recipient", "Art 31(1)(e)", fmt.Sprintf("Transfer no. %d does not say to whom the data go.", i+1),
				"Fill in the recipient, with the same name as in the list of recipients.")
			name = fmt.Sprintf("no. %d", i+1)
		} else if !r.IsProcessor() && !c.hasRecipient(t.Recipient) {
			c.warn(field+".recipient", "Art 31(1)(d)",
				fmt.Sprintf("The transfer goes to %q, who is not in the list of recipients.", t.Recipient),
				"Add the recipient to the list of recipients (kind \"third_country\" or \"international_organisation\"), or correct the name so that both match.")
		}
		if blank(t.Country) && blank(t.InternationalOrganisation) {
			c.error(field+".country", "Art 31(1)(e)", fmt.Sprintf("The transfer %q does not say to which country or international organisation the data go.", name),
				"Fill in the country, or the international organisation.")
		}
		if len(t.Mechanisms) == 0 {
			c.error(field+".mechanisms", "Art 46", fmt.Sprintf("The transfer %q does not say what allows it.", name),
				"Choose the mechanism: an adequacy decision (Art 47), appropriate safeguards (Art 48) or, failing both, a derogation (Art 50).")
		}
		var art48, art50abc bool
		for j, m := range t.Mechanisms {
			switch {
			case !knownCode(MechanismOptions, string(m)):
				c.error(fmt.Sprintf("%s.mechanisms[%d]", field, j), "Art 46", fmt.Sprintf("The mechanism %q is not one ropa knows.", m),
					"Use one of "+codes(MechanismOptions)+".")
			case m.Article() == 48:
				art48 = true
			case m.ExcludedForPublicPowers():
				art50abc = true
			}
		}
		if art48 && blank(t.Safeguards) {
			c.error(field+".safeguards", "Art 48",
				fmt.Sprintf("The transfer %q relies on appropriate safeguards, but the record does not document them.", name),
				"Name the safeguards (e.g. the standard contractual clauses and their date) and say where people can obtain a copy.")
		}
		switch {
		case art50abc && t.PublicPowers:
			c.error(field+".mechanisms", "Art 50(2)",
				fmt.Sprintf("The transfer %q is part of the exercise of public powers, where consent or a contract (Art 50(1)(a)-(c)) cannot justify it.", name),
				"Base the transfer on an adequacy decision, appropriate safeguards, or another derogation such as important reasons of public interest recognised in Union law (Art 50(1)(d)).")
		case art50abc && publicTask && blank(t.Safeguards):
			c.warn(field+".public_powers", "Art 50(2)",
				fmt.Sprintf("The transfer %q relies on consent or a contract, and the processing is a public task: these derogations do not apply to activities in the exercise of public powers.", name),
				"Confirm with the DPO that the transfer is not an exercise of public powers and describe, under safeguards, how consent is obtained or the contract applies; if it is an exercise of public powers, set public_powers = true and choose another mechanism.")
		}
	}
}

func (c *checker) hasTransferTo(name string) bool {
	want := normalise(name)
	for _, t := range c.r.Transfers {
		if normalise(t.Recipient) == want {
			return true
		}
	}
	return false
}

func (c *checker) hasRecipient(name string) bool {
	want := normalise(name)
	for _, rc := range c.r.Recipients {
		if normalise(rc.Name) == want {
			return true
		}
	}
	return false
}

func (c *checker) security() {
	provision := "Art 31(1)(g)"
	if c.r.IsProcessor() {
		provision = "Art 31(2)(d)"
	}
	if blank(c.r.Security.Description) {
		c.error("security.description", provision, "The record does not describe how the data are protected.",
			`Describe the technical and organisational measures in general terms, e.g. "data are stored on the institution's servers; access is limited to authorised staff on a need-to-know basis".`)
	}
	for i, m := range c.r.Security.Measures {
		if !knownCode(MeasureOptions, string(m)) {
			c.error(fmt.Sprintf("security.measures[%d]", i), "Art 33", fmt.Sprintf("The security measure %q is not one ropa knows.", m),
				"Use one of "+codes(MeasureOptions)+", and describe any other measure in the description.")
		}
	}
}

func countFilled(items []string) int {
	n := 0
	for _, s := range items {
		if !blank(s) {
			n++
		}
	}
	return n
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}
