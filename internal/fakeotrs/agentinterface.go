package fakeotrs

import "github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/web"

// Mail is a mail OTRS would have sent (the agent interface's outbox).
type Mail = web.Mail

// SetLostPassword switches the LostPassword feature (SysConfig
// LostPassword, on by default).
func (o *OTRS) SetLostPassword(on bool) { o.web.SetLostPassword(on) }

// SetMailFails makes OTRS fail to queue mails, as a bad
// NotificationSenderEmail does (a Fatal Error page).
func (o *OTRS) SetMailFails(fail bool) { o.web.SetMailFails(fail) }

// Outbox returns the mails sent so far.
func (o *OTRS) Outbox() []Mail { return o.web.Outbox() }

// ResetToken returns the agent's pending password reset token ("" if none).
func (o *OTRS) ResetToken(login string) string { return o.web.ResetToken(login) }
