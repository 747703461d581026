package export

import (
	"reflect"
	"time"

	"github.com/eu-ropa/ropa/model"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// fullRegister is a register with every field set.
func fullRegister() model.Register {
	return model.Register{
		Name:            "European Test Agency",
		ShortName:       "ETA",
		Address:         "Rue de la Loi 1, 1049 Brussels",
		ReferencePrefix: "DPR-ETA-",
		ReferenceDigits: 5,
		RegisterURL:     "https://eta.example.eu/register",
		Languages:       []string{"en", "fr", "de", "nl"},
		DPO:             model.Contact{Name: "DPO of the ETA", Email: "dpo@eta.example.eu", Phone: "+32 2 000 00 00", Address: "Rue de la Loi 1\n1049 Brussels", URL: "https://eta.example.eu/dpo"},
		EDPS:            model.Contact{Name: "European Data Protection Supervisor", Email: "edps@edps.europa.eu", URL: "https://edps.europa.eu"},
	}
}

// fullRecord is a record in which every field is set and every conditional
// part of every document fires.
func fullRecord() *model.Record {
	return &model.Record{
		Title: "Full test operation", Reference: "DPR-ETA-00001", Version: 3, Language: "en",
		Kind: model.KindProcessor, Status: model.StatusPublished,
		LastUpdated: day(2024, 5, 6), NoticeDate: day(2024, 5, 1), NextReview: day(2026, 1, 1),
		Description:    "Line one of the description.\nLine two.\n\nSecond paragraph.",
		Purposes:       []string{"First purpose", "Second purpose"},
		AutomatedMeans: true,
		Notes:          "Internal note.",
		Controller:     model.Controller{Organisation: "European Test Agency", Unit: "Unit A.1", Email: "unit-a1@eta.example.eu", Address: "Rue de la Loi 1\n1049 Brussels"},
		DPO:            model.Contact{Name: "Record DPO", Email: "record-dpo@eta.example.eu", Phone: "+32 2 111 11 11", Address: "Office 2", URL: "https://eta.example.eu/record-dpo"},
		LegalBasis: model.LegalBasis{
			Grounds:            []model.Ground{model.GroundPublicTask, model.GroundLegalObligation, model.GroundContract, model.GroundConsent, model.GroundVitalInterests},
			UnionLaw:           "Regulation (EU) 2099/1 establishing the agency.",
			ConsentDetails:     "Consent is asked in the sign-up form.",
			SpecialCategories:  true,
			SpecialGrounds:     []model.SpecialCatGround{model.SpecialExplicitConsent, model.SpecialHealthCare},
			SpecialExplanation: "Health data for reasonable accommodation.",
			CriminalData:       true,
			CriminalDataBasis:  "Staff Regulations, Article 28.",
			Analysis:           "Necessary and proportionate.",
		},
		DataSubjects: []model.DataSubject{
			{Name: "Staff", Description: "Members of staff."},
			{Name: "Visitors", Description: "People who visit."},
		},
		DataCategories: []model.DataCategory{
			{Name: "Identification", Items: []string{"Name", "Date of birth"}, Mandatory: true, Source: model.SourceDataSubject, Retention: "Five years."},
			{Name: "Health", Items: []string{"Medical certificate"}, Special: true, Source: model.SourceThirdParty, SourceDetail: "The medical service", Retention: "Ten years.\nThen archived."},
			{Name: "Press cuttings", Items: []string{"Articles"}, Source: model.SourcePublic, SourceDetail: "Newspapers", Retention: "One year."},
			{Name: "Logs", Items: []string{"IP address"}, Source: model.SourceGenerated, Retention: "Six months."},
		},
		Recipients: []model.Recipient{
			{Name: "HR staff", Kind: model.RecipientInternal, Description: "Need to know."},
			{Name: "Court of Auditors", Kind: model.RecipientEUInstitution},
			{Name: "National authority", Kind: model.RecipientMemberState, Country: "BE"},
			{Name: "Partner in Norway", Kind: model.RecipientThirdCountry, Country: "NO"},
			{Name: "United Nations", Kind: model.RecipientIntlOrg},
			{Name: "IT contractor", Kind: model.RecipientProcessor},
			{Name: "Everyone", Kind: model.RecipientPublic},
		},
		Transfers: []model.Transfer{
			{Recipient: "Partner in Norway", Country: "Norway", Mechanisms: []model.Mechanism{model.MechAdequacy}, Safeguards: "Adequacy decision."},
			{Recipient: "United Nations", InternationalOrganisation: "United Nations", Mechanisms: []model.Mechanism{model.MechAdministrativeArrangement, model.MechPublicInterest}, Safeguards: "Arrangement of 2020.", PublicPowers: true},
		},
		Security:           model.Security{Description: "Measures described.", Measures: []model.SecurityMeasure{model.MeasureEncryption, model.MeasureLogging, model.MeasureBackup}},
		AutomatedDecisions: model.AutomatedDecisions{Used: true, Profiling: true, Logic: "A score from answers.", Consequences: "Applications below the score are refused."},
		Provision:          model.Provision{Requirement: model.ProvisionStatutory, Obliged: true, Consequences: "No access without the data."},
		Restrictions:       model.Restrictions{Apply: true, Rules: "Decision (EU) 2099/2 on internal rules."},
		DPIA:               model.DPIA{LargeScale: true, SystematicMonitoring: true, Required: true, Done: true, Reference: "DPIA-1", HighResidualRisk: true, PriorConsultation: true, Notes: "DPIA notes."},
		JointControllers:   []model.JointController{{Name: "Other Agency", Contact: "contact@other.example.eu", Arrangement: "We handle requests."}},
		Processors:         []model.Processor{{Name: "Cloud Ltd", Contact: "dpo@cloud.example.com", Service: "Hosting", Location: "Luxembourg", Contract: "CONTRACT-42"}},
		ProcessingOnBehalf: []model.ServedController{{Controller: "Served Agency", Contact: "served@example.eu", Categories: []string{"Hosting", "Support"}}},
	}
}

// fillStrings sets every plain text field (type string or []string, not
// the closed-list codes) of the struct v points to from value(path).
func fillStrings(v any, value func(path string) string) {
	fillValue(reflect.ValueOf(v).Elem(), "", value)
}

var stringType = reflect.TypeFor[string]()

func fillValue(v reflect.Value, path string, value func(string) string) {
	switch {
	case v.Type() == stringType:
		v.SetString(value(path))
	case v.Kind() == reflect.Slice && v.Type().Elem() == stringType:
		n := max(v.Len(), 2)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			s.Index(i).SetString(value(path + "[" + itoa(i) + "]"))
		}
		v.Set(s)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		for i := range v.Len() {
			fillValue(v.Index(i), path+"["+itoa(i)+"]", value)
		}
	case v.Kind() == reflect.Struct && v.Type() != timeType:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillValue(v.Field(i), path+"."+v.Type().Field(i).Name, value)
			}
		}
	}
}
