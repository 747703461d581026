package export

import (
	"strings"

	"github.com/eu-ropa/ropa/model"
)

// entry builds the view of the register entry from pub, the public copy of
// a record (publicCopy), so an internal field cannot reach it whatever a
// template asks for. The entry of a record kept as processor names the
// controllers whose notices apply, as the institution issues none for it.
//
// Site shares this view between the notice and the entry of a record, so
// it sets only the fields the notice never shows. Where the entry words a
// fact of the notice otherwise (in the third person: an entry is a public
// record under Article 31(5), not a text addressed to the data subject),
// the methods below give the templates the catalog key of the entry's
// wording.
func (m *maker) entry(reg *model.Register, pub *model.Record) *noticeView {
	v := m.notice(reg, pub)
	v.Title = m.str(pub.Title)
	v.LastUpdated = m.date(pub.LastUpdated)
	v.NoticeDate = m.date(pub.NoticeDate)
	if pub.Version > 0 {
		v.Version = itoa(pub.Version)
	}
	if pub.Kind != "" {
		v.Kind = option{Code: string(pub.Kind), Text: m.label("kind", string(pub.Kind))}
	}
	if pub.Status != "" {
		v.Status = option{Code: string(pub.Status), Text: m.label("status", string(pub.Status))}
	}
	if !HasNotice(pub) {
		named := 0
		for _, s := range v.Served {
			if s.Name != "" {
				named++
			}
		}
		switch named {
		case 0:
			v.ServedNotice = "entry.notice_served_none"
		case 1:
			v.ServedNotice = "entry.notice_served_one"
		default:
			v.ServedNotice = "entry.notice_served_many"
		}
	}
	return v
}

// entryKey returns the catalog key of the entry's own wording of a code of
// a closed list ("entry.source_data_subject"), or "" when the entry words
// the code as the notice does. Every catalog has the same keys (a test
// holds them to it), so the first one answers for all.
func entryKey(group, code string) string {
	if code == "" {
		return ""
	}
	all, err := catalogs()
	if err != nil {
		return ""
	}
	key := "entry." + group + "_" + code
	if _, ok := all[languages[0]].text[key]; !ok {
		return ""
	}
	return key
}

// entryOption is a code of a closed list as the entry words it: the
// catalog key of the entry's own wording followed by End, else the
// notice's Text. End is the punctuation that ends Text as an item of its
// list (";" or "." after the item, in the notice's typography): the
// entry's wording ends its item as the notice's does.
type entryOption struct {
	Key  string
	End  string
	Text string
}

func entryOptions(group string, list []option) []entryOption {
	out := make([]entryOption, len(list))
	for i, o := range list {
		out[i] = entryOption{Key: entryKey(group, o.Code), Text: o.Text}
		if out[i].Key != "" {
			out[i].End = o.Text[len(strings.TrimRight(o.Text, listPunctuation)):]
		}
	}
	return out
}

// listPunctuation is what may end an item of a list after its text: the
// separator or the full stop, and the (no-break) space French puts before
// a semicolon.
const listPunctuation = ";. \u00a0\u202f"

// EntrySource is the key of the entry's wording of the category's source
// ("the data subject", where the notice says "from you").
func (c categoryView) EntrySource() string { return entryKey("source", c.Source.Code) }

// EntryKind is the key of the entry's wording of the recipient's kind
// ("staff of the institution", where the notice says "staff of our
// institution"), or "": also when the notice leaves the kind out, as it
// repeats the recipient's name.
func (r recipientView) EntryKind() string {
	if r.Kind.Text == "" {
		return ""
	}
	return entryKey("recipient", r.Kind.Code)
}

// EntryMechanisms are the bases of the transfer as the entry words them
// (Article 50(1)(a) to (c) and (f) speak of the data subject).
func (t transferView) EntryMechanisms() []entryOption { return entryOptions("mechanism", t.Mechanisms) }

// EntrySpecialGrounds are the Article 10(2) grounds as the entry words
// them.
func (v *noticeView) EntrySpecialGrounds() []entryOption {
	return entryOptions("special", v.SpecialGrounds)
}

// EntryProvision is the key of the entry's sentence on the provision of
// the data ("Provision of the personal data is …", where the notice says
// "Providing your personal data is …"), or "" when the record does not say.
func (v *noticeView) EntryProvision() string {
	code, ok := strings.CutPrefix(v.Provision, "data.provision_")
	if !ok {
		return v.Provision
	}
	if key := entryKey("provision", code); key != "" {
		return key
	}
	return v.Provision
}
