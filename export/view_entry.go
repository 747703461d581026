package export

import (
	"github.com/eu-ropa/ropa/model"
)

// entry builds the view of the register entry from pub, the public copy of
// a record (publicCopy), so an internal field cannot reach it whatever a
// template asks for. The entry of a record kept as processor names the
// controllers whose notices apply, as the institution issues none for it.
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
