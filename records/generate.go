package records

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// Generate writes a synthetic register into root for benchmarks and
// demonstrations: register.toml and n records of about 4 KB each, as a
// large institution's would look (several data categories with items and
// retention, recipients, a transfer to a third country, multi-line text).
// The same seed gives the same files. Every record passes lint without
// errors. Files are written plainly, without the fsync of Save: this is a
// fixture, not a user's work.
func Generate(root string, n int, seed int64) error {
	if n < 0 {
		return fmt.Errorf("generate: the number of records must not be negative, not %d", n)
	}
	if err := os.MkdirAll(filepath.Join(root, RecordsDir), 0o755); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	info := syntheticRegister()
	if err := WriteRegister(root, &info); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x726f7061)) // "ropa"
	taken := map[string]bool{}
	for i := range n {
		r := syntheticRecord(rng, info, i)
		slug := SlugFor(r.Title, func(s string) bool { return taken[s] })
		taken[slug] = true
		name := filepath.Join(root, RecordsDir, slug+recordExt)
		if err := os.WriteFile(name, Encode(&r), 0o644); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
	}
	return nil
}

func syntheticRegister() model.Register {
	return model.Register{
		Name:            "European Agency for Synthetic Registers",
		ShortName:       "EASR",
		Address:         "Rue de la Loi 200, 1049 Brussels, Belgium",
		ReferencePrefix: "DPR-EASR-",
		ReferenceDigits: 5,
		RegisterURL:     "https://easr.example.europa.eu/data-protection/register",
		Languages:       []string{"en", "fr", "de", "nl"},
		DPO: model.Contact{
			Name:  "Data Protection Officer of the EASR",
			Email: "data-protection-officer@easr.example.europa.eu",
		},
		EDPS: model.Contact{
			Name:  "European Data Protection Supervisor",
			Email: "edps@edps.europa.eu",
			URL:   "https://www.edps.europa.eu",
		},
		Translations: []model.RegisterTranslation{
			{Language: "fr", Name: "Agence européenne des registres synthétiques", DPOName: "Délégué à la protection des données de l'EASR", EDPSName: "Contrôleur européen de la protection des données"},
			{Language: "de", Name: "Europäische Agentur für synthetische Verzeichnisse", DPOName: "Datenschutzbeauftragter der EASR", EDPSName: "Europäischer Datenschutzbeauftragter"},
			{Language: "nl", Name: "Europees Agentschap voor synthetische registers", DPOName: "Functionaris voor gegevensbescherming van het EASR", EDPSName: "Europese Toezichthouder voor gegevensbescherming"},
		},
	}
}

// The vocabulary of synthetic records.
var (
	genActivities = []string{
		"Selection procedure for", "Management of leave requests of", "Access control to the premises for",
		"Mailing list for", "Evaluation of grant applications from", "Reimbursement of travel expenses of",
		"Registration to events for", "Handling of complaints from", "Medical check-ups of",
		"Training records of", "Helpdesk tickets raised by", "Publication of photographs of",
		"Security clearance of", "Survey of", "Recruitment of",
	}
	genSubjects = []string{
		"contract agents", "temporary staff", "trainees", "external experts", "visitors",
		"members of the public", "national experts", "grant applicants", "contractors' staff",
		"event participants", "journalists", "stakeholders", "job applicants", "newsletter subscribers",
	}
	genUnits = []string{
		"Directorate A, Unit A.1 Human Resources", "Directorate A, Unit A.3 Finance",
		"Directorate B, Unit B.2 Communication", "Directorate B, Unit B.4 Events",
		"Directorate C, Unit C.1 Grants", "Directorate C, Unit C.2 Legal Affairs",
		"Directorate D, Unit D.1 Security", "Directorate D, Unit D.3 Informatics",
	}
	genCategories = []struct {
		name  string
		items []string
	}{
		{"Identification data", []string{"surname", "first name", "date of birth", "nationality", "staff number"}},
		{"Contact details", []string{"e-mail address", "telephone number", "postal address", "organisation"}},
		{"Professional data", []string{"function", "grade", "employer", "curriculum vitae", "languages spoken"}},
		{"Financial data", []string{"bank account number (IBAN)", "name of the bank", "amounts reimbursed"}},
		{"Connection data", []string{"IP address", "date and time of access", "pages visited", "browser type"}},
		{"Evaluation data", []string{"scores given by the selection board", "comments of the evaluators", "ranking"}},
		{"Images", []string{"photographs", "video recordings of the event"}},
	}
	genSentences = []string{
		"The unit collects the data through an online form hosted on the agency's servers.",
		"Only the staff members in charge of the procedure have access to the files, on a need-to-know basis.",
		"The data are used to organise the procedure, to contact the persons concerned and to keep the necessary records.",
		"Statistics are produced from the data in an anonymous form only.",
		"Paper documents are kept in locked cupboards and scanned into the document management system.",
		"Each year the unit reviews whether the data are still needed and deletes those that are not.",
		"Persons concerned receive the data protection notice before they give their data.",
		"The procedure is described in the agency's internal guidelines, available on the intranet.",
	}
	genPurposes = []string{
		"to organise and run the procedure",
		"to contact the persons concerned about the procedure",
		"to keep the records that the Financial Regulation requires",
		"to answer requests and complaints",
		"to produce anonymous statistics for the annual activity report",
		"to ensure the security of the premises and of the information systems",
	}
	genCountries = []struct{ country, recipient string }{
		{"US", "Cloud provider's support team in the United States"},
		{"CH", "Partner research institute in Switzerland"},
		{"JP", "Regional office in Japan"},
		{"GB", "Conference organiser in the United Kingdom"},
		{"CA", "Contractor's subsidiary in Canada"},
	}
	genMeasures = []model.SecurityMeasure{
		model.MeasureEncryption, model.MeasureAccessControl, model.MeasureLogging, model.MeasureBackup,
		model.MeasureSecureTransfer, model.MeasureConfidentiality, model.MeasureTraining,
		model.MeasurePhysical, model.MeasureIncidentResponse, model.MeasureDataMinimisation,
	}
)

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// sentences joins k distinct sentences, one per line.
func sentences(rng *rand.Rand, k int) string {
	perm := rng.Perm(len(genSentences))
	lines := make([]string, 0, k)
	for _, i := range perm[:min(k, len(perm))] {
		lines = append(lines, genSentences[i])
	}
	return strings.Join(lines, "\n") + "\n"
}

func syntheticRecord(rng *rand.Rand, reg model.Register, i int) model.Record {
	subject := pick(rng, genSubjects)
	unit := pick(rng, genUnits)
	updated := time.Date(2019+rng.IntN(6), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	status := []model.Status{model.StatusDraft, model.StatusSubmitted, model.StatusApproved, model.StatusPublished, model.StatusPublished}[rng.IntN(5)]

	r := model.Record{
		Title:          pick(rng, genActivities) + " " + subject,
		Reference:      fmt.Sprintf("%s%0*d", reg.ReferencePrefix, reg.ReferenceDigits, i+1),
		Version:        1 + rng.IntN(4),
		Language:       "en",
		Kind:           model.KindController,
		Status:         status,
		LastUpdated:    updated,
		NoticeDate:     updated,
		NextReview:     updated.AddDate(3, 0, 0),
		Description:    sentences(rng, 3+rng.IntN(3)),
		AutomatedMeans: true,
		Controller: model.Controller{
			Organisation: reg.Name,
			Unit:         unit,
			Email:        fmt.Sprintf("unit-%d@easr.example.europa.eu", 1+rng.IntN(40)),
			Address:      reg.Address,
		},
		LegalBasis: model.LegalBasis{
			Grounds:  []model.Ground{model.GroundPublicTask},
			UnionLaw: "Regulation (EU) 2021/1234 establishing the Agency, Article 5, and the Staff Regulations.",
			Analysis: "The processing is necessary for the tasks the founding regulation entrusts to the Agency.\nNo less intrusive means would achieve the purpose.\n",
		},
		DataSubjects: []model.DataSubject{
			{Name: strings.ToUpper(subject[:1]) + subject[1:], Description: "Persons taking part in the procedure."},
			{Name: "Staff of the Agency", Description: "Staff members handling the procedure."},
		},
		Security: model.Security{
			Description: "The data are stored on the Agency's servers in its data centre in the EU.\n" +
				"Access is limited to authorised staff on a need-to-know basis and is logged.\n",
		},
		Provision: model.Provision{
			Requirement:  model.ProvisionPrecondition,
			Consequences: "Without the data the Agency cannot process the request.",
		},
	}
	if rng.IntN(2) == 0 {
		r.LegalBasis.Grounds = append(r.LegalBasis.Grounds, model.GroundLegalObligation)
	}
	for _, p := range rng.Perm(len(genPurposes))[:2+rng.IntN(3)] {
		r.Purposes = append(r.Purposes, genPurposes[p])
	}
	for _, c := range rng.Perm(len(genCategories))[:3+rng.IntN(3)] {
		cat := genCategories[c]
		dc := model.DataCategory{
			Name:      cat.name,
			Items:     slices.Clone(cat.items[:2+rng.IntN(len(cat.items)-1)]),
			Mandatory: rng.IntN(3) > 0,
			Source:    model.SourceDataSubject,
			Retention: fmt.Sprintf("%d years after the end of the procedure, then deleted.\n"+
				"Where an audit or a legal case is pending, until it is closed.\n", 2+rng.IntN(9)),
		}
		if rng.IntN(4) == 0 {
			dc.Source = model.SourceThirdParty
			dc.SourceDetail = "The person's employer or the national authority that nominated them."
		}
		r.DataCategories = append(r.DataCategories, dc)
	}
	abroad := pick(rng, genCountries)
	r.Recipients = []model.Recipient{
		{Name: "Staff of " + unit, Kind: model.RecipientInternal, Description: "Staff in charge of the procedure, on a need-to-know basis."},
		{Name: "European Court of Auditors", Kind: model.RecipientEUInstitution, Description: "On request, for audits."},
		{Name: abroad.recipient, Kind: model.RecipientThirdCountry, Country: abroad.country, Description: "Receives only the data needed for its task."},
	}
	r.Transfers = []model.Transfer{{
		Recipient:  abroad.recipient,
		Country:    abroad.country,
		Mechanisms: []model.Mechanism{model.MechCommissionClauses},
		Safeguards: "Standard contractual clauses adopted by the Commission (Decision (EU) 2021/914), annexed to the contract.\n" +
			"A copy can be obtained from the controller.\n",
	}}
	for _, m := range rng.Perm(len(genMeasures))[:4+rng.IntN(4)] {
		r.Security.Measures = append(r.Security.Measures, genMeasures[m])
	}
	r.Processors = []model.Processor{{
		Name:     "IT Services Contractor SA",
		Contact:  "dpo@contractor.example.eu",
		Service:  "Hosting and maintenance of the application",
		Location: "Luxembourg",
		Contract: fmt.Sprintf("Framework contract EASR/%d/IT/%03d", updated.Year(), 1+rng.IntN(200)),
	}}
	return r
}
