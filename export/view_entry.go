package export

import (
	"github.com/eu-ropa/ropa/model"
)

// entry builds the view of the register entry from pub, the public copy of
// a record (publicCopy), so an internal field cannot reach it whatever a
// template asks for.
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
	return v
}
