package export

import (
	"github.com/eu-ropa/ropa/model"
)

// entryView is the register entry (Article 31(5)). It is built from the
// public copy of the record, so an internal field cannot reach it whatever
// a template asks for.
type entryView struct {
	*noticeView
	Title       string
	LastUpdated string
	NoticeDate  string
	Version     string
	Kind        option
	Status      option
	NoticeHref  string
}

// entry builds the view from pub, the public copy of a record (publicCopy).
func (m *maker) entry(reg *model.Register, pub *model.Record) *entryView {
	v := &entryView{
		noticeView:  m.notice(reg, pub),
		Title:       m.str(pub.Title),
		LastUpdated: m.date(pub.LastUpdated),
		NoticeDate:  m.date(pub.NoticeDate),
	}
	if pub.Version > 0 {
		v.Version = itoa(pub.Version)
	}
	if pub.Kind != "" {
		v.Kind = option{Code: string(pub.Kind), Text: m.label("kind", string(pub.Kind))}
	}
	if pub.Status != "" {
		v.Status = option{Code: string(pub.Status), Text: m.label("status", string(pub.Status))}
	}
	return v
}
